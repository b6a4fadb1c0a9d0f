'use client';
// The channel registry's columns: status and circuit breaker, the live success rate, the banks
// with their limits, cost, agreements and today's volume; the row's actions come last.
import { Space, Tag, Tooltip, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { useColumns } from '@/components/kit';
import { StatusBadge } from '@/components/status';
import { enumLabel, useT } from '@/i18n';
import { yuan } from '@/lib/format';
import type { RouterOutputs } from '@/lib/trpc';

export type Channel = RouterOutputs['channels']['list'][number];

const rate = (v: number) => `${(v * 100).toFixed(1)}%`;

/** The columns, the row's actions (`actions`) last. */
export function useChannelColumns(
  actions: (channel: Channel) => ReactNode,
): TableColumnsType<Channel> {
  const t = useT();
  const col = useColumns<Channel>();
  return [
    col.code('channels.code', 'code'),
    col.text('common.name', 'name'),
    col.status('common.status', 'status', 'channelStatus'),
    {
      title: t('channels.circuit'),
      dataIndex: 'circuit',
      render: (c: Channel['circuit']) => (
        <Tooltip title={c.reason ?? undefined}>
          <span data-testid="circuit">
            <StatusBadge group="circuit" value={c.state} />
          </span>
        </Tooltip>
      ),
    },
    {
      title: t('channels.liveRate'),
      dataIndex: 'live',
      align: 'right',
      render: (l: Channel['live']) =>
        l.successRate === null ? (
          '—'
        ) : (
          <Tooltip title={t('channels.liveAttempts', { count: l.attempts })}>
            {rate(l.successRate)}
          </Tooltip>
        ),
    },
    col.text('channels.vocabulary', 'vocabulary'),
    {
      title: t('channels.banks'),
      dataIndex: 'banks',
      width: 300,
      // Each bank with its limits in view (a tag with the limits on hover hid them).
      render: (banks: Channel['banks']) => (
        <Space orientation="vertical" size={0}>
          {banks.map((b) => (
            <span key={b.bankCode} className="money" style={{ whiteSpace: 'nowrap' }}>
              <Tag>{enumLabel(t, 'bank', b.bankCode)}</Tag>
              {t('channels.limitsLine', {
                single: yuan(b.singleLimit),
                daily: yuan(b.dailyLimit),
              })}
            </span>
          ))}
        </Space>
      ),
    },
    col.money('channels.cost', 'costPerTxn'),
    col.count('channels.agreements', 'agreements'),
    col.count('channels.todayCount', 'todayCount'),
    {
      title: t('channels.todayRate'),
      dataIndex: 'todaySuccessRate',
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : rate(v)),
    },
    col.money('channels.todayAmount', 'todayAmount'),
    col.actions(actions, { fixed: 'right' }),
  ];
}
