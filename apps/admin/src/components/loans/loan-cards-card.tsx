'use client';
// A loan's cards (masked) and the agreement each holds per channel.
import { useQuery } from '@tanstack/react-query';
import { Empty, Space, Tag } from 'antd';
import { cardText, DataTable, TitledCard } from '@/components/kit';
import { StatusBadge } from '@/components/status';
import { useT } from '@/i18n';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type LoanCard = RouterOutputs['channels']['forLoan'][number];

export function LoanCardsCard({ orderNo }: { orderNo: string }) {
  const t = useT();
  const trpc = useTRPC();
  const cards = useQuery(trpc.channels.forLoan.queryOptions({ orderNo }));
  return (
    <TitledCard level={2} heading={t('channels.cards')} loading={cards.isLoading}>
      {cards.data?.length === 0 ? (
        <Empty />
      ) : (
        <DataTable<LoanCard>
          rowKey={(c) => `${c.cardNo}:${c.bankCode}:${c.current ? 1 : 0}`}
          size="small"
          dataSource={cards.data}
          columns={[
            {
              title: t('loan.card'),
              dataIndex: 'cardNo',
              render: (_: string, c) => (
                <Space>
                  {cardText(c)}
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
    </TitledCard>
  );
}
