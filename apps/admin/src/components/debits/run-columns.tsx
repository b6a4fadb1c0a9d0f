'use client';
// A window run's columns: when and for what, its state (still selecting while the shards grow),
// progress over its shards, orders by status, asked against collected, who started it.
import { Progress, Space, Tag, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { useColumns } from '@/components/kit';
import { StatusBadge } from '@/components/status';
import { enumLabel, useT } from '@/i18n';
import type { RouterOutputs } from '@/lib/trpc';

export type Run = RouterOutputs['debits']['runs'][number];

const percentDone = (r: Run) =>
  r.shardsTotal === 0 ? (r.selecting ? 0 : 100) : Math.round((r.shardsDone / r.shardsTotal) * 100);

/** The columns, the row's actions (`actions`) last. */
export function useRunColumns(actions: (run: Run) => ReactNode): TableColumnsType<Run> {
  const t = useT();
  const col = useColumns<Run>();
  return [
    col.text('debits.date', 'businessDate', { width: 110 }),
    col.text('debits.window', 'window', { width: 80 }),
    {
      title: t('debits.scope'),
      dataIndex: 'scope',
      render: (s: string) => (s === '*' ? t('debits.scopeAll') : <Tag>{s}</Tag>),
    },
    {
      title: t('debits.status'),
      dataIndex: 'status',
      render: (v: string, r) => (
        <Space size={4}>
          <StatusBadge group="runStatus" value={v} />
          {/* The selection still adds shards: the total grows page by page. */}
          {r.selecting && v === 'running' && <Tag color="processing">{t('debits.selecting')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('debits.progress'),
      key: 'progress',
      width: 180,
      render: (_: unknown, r) => (
        <Progress
          size="small"
          percent={percentDone(r)}
          status={r.shardsFailed > 0 ? 'exception' : r.status === 'running' ? 'active' : undefined}
          format={() => `${r.shardsDone}/${r.shardsTotal}${r.selecting ? '+' : ''}`}
        />
      ),
    },
    col.text('debits.installments', 'installments', { align: 'right' }),
    {
      title: t('debits.byStatus'),
      dataIndex: 'byStatus',
      render: (by: Record<string, number>) => (
        <Space size={[4, 4]} wrap>
          {Object.entries(by).map(([status, n]) => (
            <Tag key={status}>
              {enumLabel(t, 'debitStatus', status)} {n}
            </Tag>
          ))}
        </Space>
      ),
    },
    // Wide enough for ¥99,999,999.99 on one line: an amount never wraps.
    col.money('debits.asked', 'asked', { width: 150 }),
    col.money('debits.collected', 'collected', { width: 150 }),
    col.text('debits.startedBy', 'startedBy'),
    col.time('debits.startedAt', 'startedAt', { width: 170 }),
    col.actions(actions, { fixed: 'right' }),
  ];
}
