'use client';
// The loan's debit orders, newest first, on the loan page; a row opens the order's story.
import { useQuery } from '@tanstack/react-query';
import { Card, Table } from 'antd';
import { useState } from 'react';
import { StatusBadge } from '@/components/status';
import { enumLabel, useT } from '@/i18n';
import { yuan } from '@/lib/format';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';
import { OrderDrawer } from './order-drawer';

type Row = RouterOutputs['debits']['orders']['items'][number];

export function LoanDebitsCard({ orderNo }: { orderNo: string }) {
  const t = useT();
  const trpc = useTRPC();
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery(trpc.debits.orders.queryOptions({ orderNo, limit: 50 }));
  return (
    <Card title={t('debits.loanCard')} data-testid="loan-debits">
      <Table<Row>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('debits.date'), dataIndex: 'businessDate' },
          { title: t('debits.window'), dataIndex: 'window' },
          { title: t('debits.period'), dataIndex: 'period', align: 'right' },
          { title: t('debits.amount'), dataIndex: 'amount', align: 'right', render: yuan },
          { title: t('debits.channel'), dataIndex: 'channel' },
          {
            title: t('debits.status'),
            dataIndex: 'status',
            render: (v: string) => <StatusBadge group="debitStatus" value={v} />,
          },
          {
            title: t('debits.resultClass'),
            dataIndex: 'resultClass',
            render: (v: string | null) => (v ? enumLabel(t, 'resultClass', v) : '—'),
          },
        ]}
      />
      <OrderDrawer id={open} onClose={() => setOpen(null)} />
    </Card>
  );
}
