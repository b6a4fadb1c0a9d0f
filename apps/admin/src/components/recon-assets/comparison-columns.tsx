'use client';
// A funder file's loan against ours: the kind of difference, the file's line, who owns the loan
// on the file's date, and each figure on both sides (red where they differ).
import { Typography, type TableColumnsType } from 'antd';
import { LoanLink, Money, useColumns } from '@/components/kit';
import { EnumTag } from '@/components/status';
import { enumLabel, useT, type MessageKey } from '@/i18n';
import type { RouterOutputs } from '@/lib/trpc';

export type ComparedLoan = RouterOutputs['reconAssets']['comparison']['rows'][number];
type Figure = 'outstandingPrincipal' | 'overdueAmount' | 'status';

export function useComparisonColumns(): TableColumnsType<ComparedLoan> {
  const t = useT();
  const col = useColumns<ComparedLoan>();
  const differs = (c: ComparedLoan, figure: Figure) => c.differences.includes(figure);
  const money = (side: 'ours' | 'theirs', figure: 'outstandingPrincipal' | 'overdueAmount') => ({
    key: `${side}.${figure}`,
    align: 'right' as const,
    width: 140,
    render: (_: unknown, c: ComparedLoan) => {
      const value = c[side]?.[figure];
      return value === undefined ? '—' : <Money value={value} danger={differs(c, figure)} />;
    },
  });
  const status = (side: 'ours' | 'theirs') => ({
    key: `${side}.status`,
    width: 110,
    render: (_: unknown, c: ComparedLoan) => {
      const value = c[side]?.status;
      if (!value) return '—';
      const text = enumLabel(t, 'funderLoanStatus', value);
      const raw = side === 'theirs' && c.theirs?.rawStatus !== text ? c.theirs?.rawStatus : null;
      return (
        <Typography.Text type={differs(c, 'status') ? 'danger' : undefined}>
          {raw ? `${text} (${raw})` : text}
        </Typography.Text>
      );
    },
  });
  const group = (title: MessageKey, side: 'ours' | 'theirs') => ({
    title: t(title),
    children: [
      { title: t('reconAssets.outstanding'), ...money(side, 'outstandingPrincipal') },
      { title: t('reconAssets.overdue'), ...money(side, 'overdueAmount') },
      { title: t('reconAssets.status'), ...status(side) },
    ],
  });
  return [
    {
      title: t('reconAssets.orderNo'),
      dataIndex: 'orderNo',
      width: 150,
      render: (orderNo: string, c) =>
        c.ours ? <LoanLink orderNo={orderNo} /> : <Typography.Text code>{orderNo}</Typography.Text>,
    },
    {
      title: t('reconAssets.kind'),
      dataIndex: 'kind',
      width: 130,
      render: (kind: string) => <EnumTag group="funderFileDifference" value={kind} />,
    },
    col.optional('reconAssets.line', 'lineNo', { width: 70 }),
    col.optional('reconAssets.owner', 'owner', { width: 120 }),
    group('reconAssets.oursSide', 'ours'),
    group('reconAssets.theirsSide', 'theirs'),
  ];
}
