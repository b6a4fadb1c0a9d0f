'use client';
// The repayments recorded on a loan (offline money, settlements), oldest first, each with how it
// was allocated over periods and components.
import { useQuery } from '@tanstack/react-query';
import { Table } from 'antd';
import { enumLabel, useT } from '@/i18n';
import { shanghaiTime, yuan } from '@/lib/format';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';
import { allocationLines } from './allocations';

type Row = RouterOutputs['loans']['history']['repayments'][number];

export function LoanRepaymentsTable({ orderNo }: { orderNo: string }) {
  const t = useT();
  const trpc = useTRPC();
  const history = useQuery(trpc.loans.history.queryOptions({ orderNo }));
  return (
    <Table<Row>
      rowKey="reference"
      size="small"
      aria-label={t('repayments.title')}
      data-testid="loan-repayments"
      loading={history.isLoading}
      dataSource={history.data?.repayments}
      locale={{ emptyText: t('repayments.empty') }}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      scroll={{ x: 1000 }}
      columns={[
        { title: t('repayments.paidAt'), dataIndex: 'paidAt', render: shanghaiTime, width: 170 },
        {
          title: t('repayments.amount'),
          dataIndex: 'amount',
          align: 'right',
          render: (v: string) => <span className="money">{yuan(v)}</span>,
        },
        {
          title: t('repayments.method'),
          dataIndex: 'method',
          render: (v: string) => enumLabel(t, 'repaymentMethod', v),
        },
        { title: t('repayments.reference'), dataIndex: 'reference' },
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
        { title: t('repayments.createdBy'), dataIndex: 'createdBy' },
        { title: t('repayments.createdAt'), dataIndex: 'createdAt', render: shanghaiTime },
      ]}
    />
  );
}
