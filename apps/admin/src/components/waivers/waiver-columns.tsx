'use client';
// The columns a waiver shows wherever it is listed (the loan's tab, the approval queue): when it
// was asked for and by whom (marked when it was you: you cannot approve it), what and how much
// (the lines per period once applied), why, its status and the decision.
import { Space, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { StatusBadge } from '@/components/status';
import { enumLabel, useT } from '@/i18n';
import { shanghaiTime, yuan } from '@/lib/format';
import { useMe } from '@/lib/session';
import type { RouterOutputs } from '@/lib/trpc';

export type Waiver = RouterOutputs['loans']['waivers']['items'][number];

export function useWaiverColumns(): TableColumnsType<Waiver> {
  const t = useT();
  const me = useMe();
  return [
    { title: t('waivers.createdAt'), dataIndex: 'createdAt', render: shanghaiTime, width: 170 },
    {
      title: t('waivers.component'),
      dataIndex: 'component',
      render: (v: string) => enumLabel(t, 'component', v),
    },
    {
      title: t('waivers.period'),
      dataIndex: 'period',
      align: 'right',
      render: (v: number | null) => v ?? t('waivers.allPeriods'),
    },
    {
      title: t('waivers.amount'),
      dataIndex: 'amount',
      align: 'right',
      render: (v: string, w) => {
        const amount = <span className="money">{yuan(v)}</span>;
        if (w.lines.length === 0) return amount;
        const lines = w.lines.map(
          (l) => `${t('repayments.period', { period: l.period })} ${yuan(l.amount)}`,
        );
        return (
          <Tooltip
            title={lines.map((line) => (
              <div key={line}>{line}</div>
            ))}
          >
            <span aria-label={`${t('waivers.lines')}: ${lines.join('; ')}`}>{amount}</span>
          </Tooltip>
        );
      },
    },
    { title: t('waivers.reason'), dataIndex: 'reason' },
    {
      title: t('waivers.status'),
      dataIndex: 'status',
      render: (v: string) => <StatusBadge group="waiverStatus" value={v} />,
    },
    {
      title: t('waivers.requestedBy'),
      dataIndex: 'requestedBy',
      render: (v: string) => (
        <Space size={4}>
          {v}
          {v === `user:${me.id}` && <Tag color="blue">{t('waivers.mine')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('waivers.decisionNote'),
      key: 'decision',
      render: (_: unknown, w) =>
        w.decidedBy ? (
          <Space orientation="vertical" size={0}>
            <span>{w.decisionNote ?? '—'}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {w.decidedBy} · {shanghaiTime(w.decidedAt)}
            </Typography.Text>
          </Space>
        ) : (
          '—'
        ),
    },
  ];
}
