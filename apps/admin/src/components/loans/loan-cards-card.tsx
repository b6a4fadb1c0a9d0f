'use client';
// A loan's cards (masked) and the agreement each holds per channel.
import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Space, Table, Tag } from 'antd';
import { StatusBadge } from '@/components/status';
import { useT } from '@/i18n';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type LoanCard = RouterOutputs['channels']['forLoan'][number];

export function LoanCardsCard({ orderNo }: { orderNo: string }) {
  const t = useT();
  const trpc = useTRPC();
  const cards = useQuery(trpc.channels.forLoan.queryOptions({ orderNo }));
  return (
    <Card title={<h2 className="page-title">{t('channels.cards')}</h2>} loading={cards.isLoading}>
      {cards.data?.length === 0 ? (
        <Empty />
      ) : (
        <Table<LoanCard>
          rowKey={(c) => `${c.cardNo}:${c.bankCode}:${c.current ? 1 : 0}`}
          size="small"
          pagination={false}
          dataSource={cards.data}
          columns={[
            {
              title: t('loan.card'),
              dataIndex: 'cardNo',
              render: (v: string, c) => (
                <Space>
                  {v} ({c.bankCode})
                  {c.current && <Tag color="blue">{t('channels.currentCard')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('channels.agreements'),
              dataIndex: 'agreements',
              render: (list: LoanCard['agreements']) =>
                list.length === 0 ? (
                  t('channels.noAgreement')
                ) : (
                  <Space wrap>
                    {list.map((a) => (
                      <span key={a.channel}>
                        <code>{a.channel}</code>{' '}
                        <StatusBadge group="agreementStatus" value={a.status} />
                      </span>
                    ))}
                  </Space>
                ),
            },
          ]}
        />
      )}
    </Card>
  );
}
