'use client';
// A loan's overdue accruals, newest first: each day's amount per installment and charge, the
// running total, a cap when one applied, and the fee rule version that computed it.
import { useQuery } from '@tanstack/react-query';
import { Card, Table } from 'antd';
import { enumLabel, useT } from '@/i18n';
import { yuan } from '@/lib/format';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type Row = RouterOutputs['overdue']['accruals'][number];

export function LoanAccrualsCard({ orderNo }: { orderNo: string }) {
  const t = useT();
  const trpc = useTRPC();
  const list = useQuery(trpc.overdue.accruals.queryOptions({ orderNo }));
  return (
    <Card title={t('overdue.accrualsCard')} data-testid="loan-accruals">
      <Table<Row>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data}
        locale={{ emptyText: t('overdue.noAccruals') }}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { title: t('overdue.date'), dataIndex: 'businessDate' },
          { title: t('overdue.period'), dataIndex: 'period', align: 'right' },
          {
            title: t('overdue.charge'),
            dataIndex: 'chargeType',
            render: (v: string) => enumLabel(t, 'chargeType', v),
          },
          { title: t('overdue.days'), dataIndex: 'overdueDays', align: 'right' },
          { title: t('overdue.amount'), dataIndex: 'amount', align: 'right', render: yuan },
          { title: t('overdue.total'), dataIndex: 'total', align: 'right', render: yuan },
          {
            title: t('overdue.capped'),
            dataIndex: 'cappedBy',
            render: (v: string | null) => (v ? enumLabel(t, 'cappedBy', v) : '—'),
          },
          { title: t('overdue.ruleVersion'), dataIndex: 'ruleVersionId' },
        ]}
      />
    </Card>
  );
}
