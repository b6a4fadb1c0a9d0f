'use client';
// A loan's overdue accruals, newest first: each day's amount per installment and charge, the
// running total, a cap when one applied, and the fee rule version that computed it.
import { useQuery } from '@tanstack/react-query';
import { Card } from 'antd';
import { DataTable, useColumns } from '@/components/kit';
import { useT } from '@/i18n';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type Row = RouterOutputs['overdue']['accruals'][number];

export function LoanAccrualsCard({ orderNo }: { orderNo: string }) {
  const t = useT();
  const trpc = useTRPC();
  const col = useColumns<Row>();
  const list = useQuery(trpc.overdue.accruals.queryOptions({ orderNo }));
  return (
    <Card title={t('overdue.accrualsCard')} data-testid="loan-accruals">
      <DataTable<Row>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data}
        empty={t('overdue.noAccruals')}
        pageSize={10}
        columns={[
          col.text('overdue.date', 'businessDate'),
          col.text('overdue.period', 'period', { align: 'right' }),
          col.enum('overdue.charge', 'chargeType', 'chargeType'),
          col.text('overdue.days', 'overdueDays', { align: 'right' }),
          col.money('overdue.amount', 'amount'),
          col.money('overdue.total', 'total'),
          col.enum('overdue.capped', 'cappedBy', 'cappedBy'),
          col.text('overdue.ruleVersion', 'ruleLabel'),
        ]}
      />
    </Card>
  );
}
