'use client';
// Every plan version of a loan, oldest first: why it was made, what changed, by whom and when;
// "查看" shows that version's installments in the plan table.
import { Button, Tag } from 'antd';
import { DataTable, useColumns } from '@/components/kit';
import { useT } from '@/i18n';
import type { RouterOutputs } from '@/lib/trpc';
import { describePlanChange, planReason } from './plan-change';
import { planVersionLabel } from './plan-version-label';

type Version = RouterOutputs['loans']['planVersions'][number];

export function PlanVersionsTable(props: {
  versions: Version[] | undefined;
  loading: boolean;
  currentVersion: number;
  /** The version the plan table shows. */
  viewing: number;
  onView: (version: number) => void;
}) {
  const t = useT();
  const col = useColumns<Version>();
  return (
    <DataTable<Version>
      rowKey="version"
      size="small"
      aria-label={t('planVersions.history')}
      loading={props.loading}
      dataSource={props.versions}
      pageSize={10}
      columns={[
        {
          title: t('planVersions.version'),
          dataIndex: 'version',
          width: 120,
          render: (v: number) => (
            <Tag color={v === props.currentVersion ? 'blue' : undefined}>
              {planVersionLabel(t, v, props.currentVersion)}
            </Tag>
          ),
        },
        {
          title: t('planVersions.reason'),
          dataIndex: 'reason',
          render: (v: string | null) => planReason(t, v),
        },
        {
          title: t('planVersions.change'),
          dataIndex: 'change',
          render: (v: Version['change']) => describePlanChange(t, v),
        },
        col.text('planVersions.periodCount', 'periodCount', { align: 'right' }),
        col.text('planVersions.createdBy', 'createdBy'),
        col.time('planVersions.createdAt', 'createdAt'),
        {
          title: t('common.actions'),
          key: 'view',
          render: (_: unknown, r: Version) =>
            r.version === props.viewing ? (
              <Tag>{t('planVersions.viewing')}</Tag>
            ) : (
              <Button type="link" size="small" onClick={() => props.onView(r.version)}>
                {t('planVersions.view')}
              </Button>
            ),
        },
      ]}
    />
  );
}
