'use client';
// The columns a waiver shows wherever it is listed (the loan's tab, the approval queue): when it
// was asked for and by whom (marked when it was you: you cannot approve it), what and how much
// (the lines per period once applied), why, its status and the decision.
import { Space, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { Money, useColumns } from '@/components/kit';
import { useT } from '@/i18n';
import { shanghaiTime, yuan } from '@/lib/format';
import { useMe } from '@/lib/session';
import type { RouterOutputs } from '@/lib/trpc';

export type Waiver = RouterOutputs['loans']['waivers']['items'][number];

export function useWaiverColumns(): TableColumnsType<Waiver> {
  const t = useT();
  const me = useMe();
  const col = useColumns<Waiver>();
  return [
    col.time('waivers.createdAt', 'createdAt', { width: 170 }),
    col.enum('waivers.component', 'component', 'component'),
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
        const amount = <Money value={v} />;
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
    col.text('waivers.reason', 'reason'),
    col.status('waivers.status', 'status', 'waiverStatus'),
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
