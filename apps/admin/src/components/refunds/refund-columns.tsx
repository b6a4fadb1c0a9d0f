'use client';
// A refund's columns: where it comes from, to whom (masked), who asked and who decided, and the
// payout that pays it.
import type { TableColumnsType } from 'antd';
import { useColumns } from '@/components/kit';
import { StatusBadge } from '@/components/status';
import { useT } from '@/i18n';
import type { RouterOutputs } from '@/lib/trpc';

export type Refund = RouterOutputs['payouts']['refunds']['items'][number];

export function useRefundColumns(): TableColumnsType<Refund> {
  const t = useT();
  const col = useColumns<Refund>();
  return [
    col.status('payouts.status', 'status', 'refundStatus', { fixed: 'left' }),
    col.enum('refunds.source', 'source', 'refundSource'),
    col.code('refunds.sourceKey', 'sourceKey'),
    col.code('refunds.funder', 'funderCode'),
    col.loan('refunds.orderNo', 'orderNo'),
    col.money('refunds.amount', 'amount'),
    {
      title: t('refunds.payee'),
      key: 'payee',
      render: (_: unknown, r: Refund) =>
        `${r.payee.name} ${r.payee.accountNo} (${r.payee.bankCode})`,
    },
    col.text('refunds.reason', 'reason', { ellipsis: true }),
    col.text('refunds.requestedBy', 'requestedBy'),
    col.time('refunds.createdAt', 'createdAt'),
    col.optional('refunds.decidedBy', 'decidedBy'),
    col.optional('refunds.decisionNote', 'decisionNote', { ellipsis: true }),
    {
      title: t('refunds.payout'),
      key: 'payout',
      render: (_: unknown, r: Refund) =>
        r.payoutNo ? (
          <span>
            <code>{r.payoutNo}</code>{' '}
            {r.payoutStatus && <StatusBadge group="payoutStatus" value={r.payoutStatus} />}
          </span>
        ) : (
          '—'
        ),
    },
  ];
}
