'use client';
// One transfer: to whom, from which cut-off, at what ratio, and each loan with the funder it
// came from, the principal moved and its price (known once completed).
import { useQuery } from '@tanstack/react-query';
import { Descriptions, Drawer, Table } from 'antd';
import { LoanLink, Money, Stack } from '@/components/kit';
import { StatusBadge } from '@/components/status';
import { useT } from '@/i18n';
import { shanghaiTime, sumYuan } from '@/lib/format';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';
import { useTransferColumns } from './transfer-columns';
import { useFunderLabel } from './use-funder-label';

type Loan = RouterOutputs['transfers']['get']['loans'][number];

const total = (values: (string | null)[]) => sumYuan(values.filter((v): v is string => v !== null));

export function TransferDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const funder = useFunderLabel();
  const col = useTransferColumns<Loan>();
  const transfer = useQuery({
    ...trpc.transfers.get.queryOptions({ transferId: id ?? '-' }),
    enabled: id !== null,
  });
  const d = transfer.data?.transferId === id ? transfer.data : undefined;

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={800}
      title={id ? t('transfers.detail', { id }) : ''}
      loading={transfer.isLoading}
      destroyOnHidden
    >
      {d && (
        <Stack gap="large">
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('transfers.status')}>
              <StatusBadge group="transferStatus" value={d.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('transfers.toFunder')}>
              {funder(d.toFunderCode)}
            </Descriptions.Item>
            <Descriptions.Item label={t('transfers.cutoffDate')}>{d.cutoffDate}</Descriptions.Item>
            <Descriptions.Item label={t('transfers.priceRatio')}>{d.priceRatio}</Descriptions.Item>
            <Descriptions.Item label={t('transfers.createdAt')}>
              {shanghaiTime(d.createdAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('transfers.completedAt')}>
              {shanghaiTime(d.completedAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('transfers.createdBy')}>{d.createdBy}</Descriptions.Item>
            <Descriptions.Item label={t('transfers.decision')}>
              {d.decision
                ? t('transfers.decidedBy', {
                    by: d.decision.by,
                    at: shanghaiTime(d.decision.at),
                    reason: d.decision.reason,
                  })
                : '—'}
            </Descriptions.Item>
          </Descriptions>
          <Table<Loan>
            rowKey="orderNo"
            size="small"
            aria-label={t('transfers.loans')}
            title={() => <strong>{t('transfers.loans')}</strong>}
            dataSource={d.loans}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              {
                title: t('transfers.orderNo'),
                dataIndex: 'orderNo',
                render: (v: string) => <LoanLink orderNo={v} tab="transfers" />,
              },
              col.fromFunder,
              col.status,
              col.principal,
              col.price,
              col.completedAt,
            ]}
            summary={(rows) =>
              rows.length > 1 && (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={3}>
                    <strong>{t('transfers.totals')}</strong>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">
                    <Money value={total(rows.map((r) => r.principal))} />
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={4} align="right">
                    <Money value={total(rows.map((r) => r.price))} />
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={5} />
                </Table.Summary.Row>
              )
            }
          />
        </Stack>
      )}
    </Drawer>
  );
}
