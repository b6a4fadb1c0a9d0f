'use client';
// Every fen that paid the loan, in one list (还款记录): channel debits, offline repayments,
// early settlements, reversals (冲正, negative) and waivers (forgiven, not collected), oldest
// first, each with how it was allocated over periods and components, and any money no
// installment owed (held to refund). What the plan shows paid can be ticked off here.
import { useQuery } from '@tanstack/react-query';
import { Typography } from 'antd';
import { DataTable, useColumns } from '@/components/kit';
import { useT } from '@/i18n';
import { yuan } from '@/lib/format';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';
import { allocationLines } from './allocations';

type Row = RouterOutputs['loans']['history']['moneyIn'][number];

export function LoanRepaymentsTable({ orderNo }: { orderNo: string }) {
  const t = useT();
  const trpc = useTRPC();
  const col = useColumns<Row>();
  const history = useQuery(trpc.loans.history.queryOptions({ orderNo }));
  return (
    <DataTable<Row>
      rowKey={(r) => `${r.source}:${r.reference}`}
      size="small"
      aria-label={t('repayments.title')}
      data-testid="loan-repayments"
      loading={history.isLoading}
      dataSource={history.data?.moneyIn}
      empty={t('repayments.empty')}
      pageSize={10}
      scroll={{ x: 1100 }}
      columns={[
        col.time('repayments.at', 'at', { width: 170 }),
        col.enum('repayments.source', 'source', 'moneySource'),
        col.money('repayments.amount', 'amount'),
        {
          title: t('repayments.allocations'),
          dataIndex: 'allocations',
          render: (v: Row['allocations'], r: Row) => (
            <>
              {allocationLines(t, v).map((line) => (
                <div key={line} className="money">
                  {line}
                </div>
              ))}
              {r.unallocated !== '0.00' && (
                <Typography.Text type="warning">
                  {t('repayments.unallocated', { amount: yuan(r.unallocated) })}
                </Typography.Text>
              )}
              {r.source === 'waiver' && (
                <Typography.Text type="secondary">{t('repayments.waived')}</Typography.Text>
              )}
            </>
          ),
        },
        col.text('repayments.channel', 'channel'),
        col.text('repayments.reference', 'reference'),
      ]}
    />
  );
}
