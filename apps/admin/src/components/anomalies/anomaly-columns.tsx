'use client';
// An anomaly's columns: when, what kind, handled or not, the channel, the loan (not on the
// loan's own page), the order and the amount, and how it was handled.
import { Typography, type TableColumnsType } from 'antd';
import { useColumns } from '@/components/kit';
import type { RouterOutputs } from '@/lib/trpc';

export type AnomalyRow = RouterOutputs['anomalies']['list']['items'][number];

export function useAnomalyColumns(withLoan: boolean): TableColumnsType<AnomalyRow> {
  const col = useColumns<AnomalyRow>();
  return [
    col.time('anomalies.createdAt', 'createdAt'),
    col.tag('anomalies.kind', 'kind', 'anomalyKind'),
    col.status('anomalies.status', 'status', 'anomalyStatus'),
    col.optional('anomalies.channel', 'channel'),
    ...(withLoan ? [col.loan('anomalies.orderNo', 'orderNo', 'anomalies')] : []),
    col.optional('anomalies.orderKey', 'orderKey', {
      render: (v: string | null) => (v ? <Typography.Text code>{v}</Typography.Text> : '—'),
    }),
    col.optional('anomalies.period', 'period', { align: 'right' }),
    col.money('anomalies.amount', 'amount'),
    col.optional('anomalies.handledReason', 'handledReason'),
  ];
}
