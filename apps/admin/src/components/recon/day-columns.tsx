'use client';
// A channel's day: its status (imported, reconciled, differences open), the statement as it
// came (file, format and version, source, who and when), its lines and amounts, the latest
// run's outcomes as badges, the cases still open (a link to them); the row's actions last.
import { Badge, Space, Tag, Typography, type TableColumnsType } from 'antd';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Money, useColumns } from '@/components/kit';
import { StatusBadge } from '@/components/status';
import { enumLabel, useT } from '@/i18n';
import { formatCount, shanghaiTime } from '@/lib/format';
import type { RouterOutputs } from '@/lib/trpc';

export type Day = RouterOutputs['recon']['days'][number];
export type Counts = NonNullable<Day['run']>['counts'];

export const OUTCOMES = [
  'matched',
  'overage',
  'shortage',
  'mismatch',
  'pendingResolved',
  'carried',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

const outcomeBadge: Record<Outcome, 'success' | 'warning' | 'error' | 'processing' | 'default'> = {
  matched: 'success',
  overage: 'warning',
  shortage: 'error',
  mismatch: 'warning',
  pendingResolved: 'processing',
  carried: 'default',
};

/** The same hues in the chart as in the badges. */
export const outcomeColours: Record<Outcome, string> = {
  matched: '#52c41a',
  overage: '#faad14',
  shortage: '#ff4d4f',
  mismatch: '#fa8c16',
  pendingResolved: '#1677ff',
  carried: '#bfbfbf',
};

/** Where the day stands: imported only, reconciled clean, or with cases still open. */
export function dayStatus(d: Day): 'imported' | 'reconciled' | 'differences' {
  if (d.run === null) return 'imported';
  return d.cases.open + d.cases.investigating > 0 ? 'differences' : 'reconciled';
}

/** A run's outcomes as badges: the matches always, the others when there are any. */
export function OutcomeBadges({ counts }: { counts: Counts }) {
  const t = useT();
  return (
    <Space size={[12, 4]} wrap data-testid="outcomes">
      {OUTCOMES.filter((o) => o === 'matched' || counts[o] > 0).map((o) => (
        <Badge
          key={o}
          status={outcomeBadge[o]}
          text={`${enumLabel(t, 'reconOutcome', o)} ${formatCount(counts[o])}`}
        />
      ))}
    </Space>
  );
}

export function useDayColumns(actions: (day: Day) => ReactNode): TableColumnsType<Day> {
  const t = useT();
  const col = useColumns<Day>();
  return [
    col.text('recon.businessDate', 'businessDate', { fixed: 'left', width: 110 }),
    col.code('recon.channel', 'channelCode'),
    {
      title: t('common.status'),
      key: 'status',
      render: (_, d) => <StatusBadge group="reconDay" value={dayStatus(d)} />,
    },
    {
      title: t('recon.statement'),
      key: 'statement',
      render: (_, d) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text>{d.statement.fileName}</Typography.Text>
          <Space size={4}>
            <Tag>{d.statement.format}</Tag>
            <Tag color={d.statement.source === 'fetch' ? 'blue' : 'default'}>
              {enumLabel(t, 'statementSource', d.statement.source)}
            </Tag>
          </Space>
        </Space>
      ),
    },
    {
      title: t('recon.lines'),
      key: 'lines',
      align: 'right',
      render: (_, d) => formatCount(d.statement.lines),
    },
    {
      title: t('recon.successAmount'),
      key: 'successAmount',
      align: 'right',
      render: (_, d) => <Money value={d.statement.successAmount} />,
    },
    {
      title: t('recon.feeAmount'),
      key: 'feeAmount',
      align: 'right',
      render: (_, d) => <Money value={d.statement.feeAmount} />,
    },
    {
      title: t('recon.importedBy'),
      key: 'importedBy',
      render: (_, d) => (
        <Space orientation="vertical" size={0}>
          <span>{d.statement.importedBy}</span>
          <Typography.Text type="secondary">{shanghaiTime(d.statement.importedAt)}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('recon.outcomes'),
      key: 'outcomes',
      render: (_, d) =>
        d.run ? (
          <OutcomeBadges counts={d.run.counts} />
        ) : (
          <Typography.Text type="secondary">{t('recon.notRun')}</Typography.Text>
        ),
    },
    {
      title: t('recon.openCases'),
      key: 'cases',
      align: 'right',
      render: (_, d) => {
        const open = d.cases.open + d.cases.investigating;
        if (open === 0) return '0';
        const query = new URLSearchParams({ channel: d.channelCode, date: d.businessDate });
        return <Link href={`/recon/cases?${query.toString()}`}>{formatCount(open)}</Link>;
      },
    },
    col.actions(actions, { fixed: 'right', width: 210 }),
  ];
}
