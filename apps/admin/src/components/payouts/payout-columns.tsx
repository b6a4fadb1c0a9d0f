'use client';
// A payout order's columns (代付订单): number, amounts, masked payee, status, where it waits.
import { Typography, type TableColumnsType } from 'antd';
import { useColumns } from '@/components/kit';
import { useT } from '@/i18n';
import type { RouterOutputs } from '@/lib/trpc';

export type PayoutRow = RouterOutputs['payouts']['list']['items'][number];

export function usePayoutColumns(): TableColumnsType<PayoutRow> {
  const t = useT();
  const col = useColumns<PayoutRow>();
  return [
    col.text('payouts.payoutNo', 'payoutNo', {
      fixed: 'left',
      render: (v: string) => <Typography.Link>{v}</Typography.Link>,
    }),
    col.money('payouts.amount', 'amount'),
    col.status('payouts.status', 'status', 'payoutStatus'),
    col.enum('payouts.source', 'source', 'payoutSource'),
    col.enum('payouts.purpose', 'purpose', 'payoutPurpose'),
    col.optional('payouts.funder', 'funderCode'),
    col.optional('payouts.channel', 'channel'),
    {
      title: t('payouts.payee'),
      key: 'payee',
      render: (_: unknown, r: PayoutRow) =>
        `${r.payee.name} ${r.payee.accountNo} (${r.payee.bankCode})`,
    },
    col.optional('payouts.waitReason', 'waitReason', { ellipsis: true }),
    col.optional('payouts.rawCode', 'rawCode'),
    col.time('payouts.createdAt', 'createdAt'),
  ];
}
