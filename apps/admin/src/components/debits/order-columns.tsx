'use client';
// A debit order's columns wherever orders are listed (the orders tab, a loan's debits).
import { Typography } from 'antd';
import { columnKit } from '@/components/kit';
import { useT } from '@/i18n';
import type { RouterOutputs } from '@/lib/trpc';

export type OrderRow = RouterOutputs['debits']['orders']['items'][number];

export function useOrderColumns() {
  const col = columnKit<OrderRow>(useT());
  return {
    ...col,
    orderNo: col.text('debits.orderNo', 'orderNo', {
      render: (v: string) => <Typography.Link>{v}</Typography.Link>,
    }),
    amount: col.money('debits.amount', 'amount'),
    status: col.status('debits.status', 'status', 'debitStatus'),
    resultClass: col.enum('debits.resultClass', 'resultClass', 'resultClass'),
    rawCode: col.optional('debits.rawCode', 'rawCode', {
      render: (v: string | null, r: OrderRow) =>
        v ? (
          <span title={r.rawMessage ?? ''}>
            <code>{v}</code> {r.rawMessage}
          </span>
        ) : (
          '—'
        ),
    }),
  };
}
