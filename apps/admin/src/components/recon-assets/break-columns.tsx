'use client';
// A break's columns: whose loan, which check, both figures and the difference, and what
// explains it where the engine could see it.
import { Typography, type TableColumnsType } from 'antd';
import { Money, useColumns } from '@/components/kit';
import { useT } from '@/i18n';
import type { RouterOutputs } from '@/lib/trpc';

export type AssetBreak = RouterOutputs['reconAssets']['breaks']['items'][number];

export function useBreakColumns(): TableColumnsType<AssetBreak> {
  const t = useT();
  const col = useColumns<AssetBreak>();
  return [
    {
      title: t('reconAssets.funder'),
      key: 'funder',
      width: 180,
      render: (_, b) => `${b.funderName} (${b.funderCode})`,
    },
    col.loan('reconAssets.orderNo', 'orderNo', undefined, { width: 150 }),
    col.enum('reconAssets.check', 'check', 'assetCheck', { width: 130 }),
    col.money('reconAssets.ours', 'ours', { width: 150 }),
    col.money('reconAssets.theirs', 'theirs', { width: 150 }),
    {
      title: t('reconAssets.difference'),
      dataIndex: 'difference',
      align: 'right',
      width: 130,
      render: (v: string) => <Money value={v} danger />,
    },
    {
      title: t('reconAssets.reason'),
      dataIndex: 'reason',
      render: (v: string | null) =>
        v ? (
          <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ margin: 0 }}>
            {v}
          </Typography.Paragraph>
        ) : (
          '—'
        ),
    },
  ];
}
