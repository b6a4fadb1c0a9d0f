'use client';
// The repayments recorded on a loan (offline money, settlements), oldest first, each with how it
// was allocated over periods and components.
import { useQuery } from '@tanstack/react-query';
import { DataTable, useColumns } from '@/components/kit';
import { useT } from '@/i18n';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';
import { allocationLines } from './allocations';

type Row = RouterOutputs['loans']['history']['repayments'][number];

export function LoanRepaymentsTable({ orderNo }: { orderNo: string }) {
  const t = useT();
  const trpc = useTRPC();
  const col = useColumns<Row>();
  const history = useQuery(trpc.loans.history.queryOptions({ orderNo }));
  return (
    <DataTable<Row>
      rowKey="reference"
      size="small"
      aria-label={t('repayments.title')}
      data-testid="loan-repayments"
      loading={history.isLoading}
      dataSource={history.data?.repayments}
      empty={t('repayments.empty')}
      pageSize={10}
      scroll={{ x: 1000 }}
      columns={[
        col.time('repayments.paidAt', 'paidAt', { width: 170 }),
        col.money('repayments.amount', 'amount'),
        col.enum('repayments.method', 'method', 'repaymentMethod'),
        col.text('repayments.reference', 'reference'),
        {
          title: t('repayments.allocations'),
          dataIndex: 'allocations',
          render: (v: Row['allocations']) =>
            allocationLines(t, v).map((line) => (
              <div key={line} className="money">
                {line}
              </div>
            )),
        },
        col.text('repayments.createdBy', 'createdBy'),
        col.time('repayments.createdAt', 'createdAt'),
      ]}
    />
  );
}
