'use client';
// The loan's debit orders, newest first, on the loan page; a row opens the order's story.
import { useQuery } from '@tanstack/react-query';
import { Card } from 'antd';
import { useState } from 'react';
import { DataTable } from '@/components/kit';
import { useT } from '@/i18n';
import { useTRPC } from '@/lib/trpc';
import { useOrderColumns, type OrderRow } from './order-columns';
import { OrderDrawer } from './order-drawer';

export function LoanDebitsCard({ orderNo }: { orderNo: string }) {
  const t = useT();
  const trpc = useTRPC();
  const col = useOrderColumns();
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery(trpc.debits.orders.queryOptions({ orderNo, limit: 50 }));
  return (
    <Card title={t('debits.loanCard')} data-testid="loan-debits">
      <DataTable<OrderRow>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pageSize={10}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        columns={[
          col.text('debits.date', 'businessDate'),
          col.text('debits.window', 'window'),
          col.text('debits.period', 'period', { align: 'right' }),
          col.amount,
          col.text('debits.channel', 'channel'),
          col.status,
          col.resultClass,
        ]}
      />
      <OrderDrawer id={open} onClose={() => setOpen(null)} />
    </Card>
  );
}
