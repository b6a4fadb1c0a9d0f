'use client';
// A remittance batch's columns: what the funder is owed that day (gross, fee, net), what was
// paid, is in flight or is left unpaid, and why a batch made no order (carried, no account).
import { Typography, type TableColumnsType } from 'antd';
import Link from 'next/link';
import { Money, useColumns } from '@/components/kit';
import { useT } from '@/i18n';
import type { RouterOutputs } from '@/lib/trpc';

export type Batch = RouterOutputs['payouts']['batches']['items'][number];

export function useBatchColumns(): TableColumnsType<Batch> {
  const t = useT();
  const col = useColumns<Batch>();
  return [
    col.text('batches.businessDate', 'businessDate', { fixed: 'left', width: 120 }),
    col.code('batches.funder', 'funderCode'),
    col.status('batches.status', 'status', 'batchStatus'),
    col.money('batches.gross', 'gross'),
    col.money('batches.fee', 'fee'),
    col.money('batches.net', 'amount'),
    col.money('batches.paid', 'paid'),
    col.money('batches.open', 'open'),
    {
      title: t('batches.unpaid'),
      dataIndex: 'unpaid',
      align: 'right',
      render: (v: string) => <Money value={v} danger={Number(v) > 0} />,
    },
    {
      title: t('batches.orders'),
      dataIndex: 'orders',
      align: 'right',
      render: (n: number, b: Batch) =>
        n > 0 ? (
          <Link href={`/payouts?batch=${b.id}`}>
            {t('batches.viewOrders')} ({n})
          </Link>
        ) : (
          0
        ),
    },
    col.optional('batches.note', 'note', {
      render: (v: string | null) =>
        v ? <Typography.Text type="secondary">{v}</Typography.Text> : '—',
    }),
    col.time('payouts.createdAt', 'createdAt'),
  ];
}
