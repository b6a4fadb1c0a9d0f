'use client';
// One audit row: who did what to which entity and why, and its diff as a before/after table
// (diff-rows.ts), the row's data as stored beneath it.
import { Descriptions, Drawer, Table, Typography } from 'antd';
import { Stack } from '@/components/kit';
import { enumLabel, useT } from '@/i18n';
import { shanghaiTime } from '@/lib/format';
import type { AuditRow } from './audit-columns';
import { diffRows, type DiffRow } from './diff-rows';

export function AuditDrawer({ row, onClose }: { row: AuditRow | null; onClose: () => void }) {
  const t = useT();
  const rows = row ? diffRows(row.diff) : [];
  return (
    <Drawer
      open={row !== null}
      onClose={onClose}
      size={720}
      title={row ? t('audit.detail', { id: row.id }) : ''}
      destroyOnHidden
    >
      {row && (
        <Stack gap="large">
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('audit.at')}>{shanghaiTime(row.at)}</Descriptions.Item>
            <Descriptions.Item label={t('audit.actor')}>
              {row.actor}{' '}
              <Typography.Text type="secondary">
                {enumLabel(t, 'actorType', row.actorType)}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.action')}>
              <Typography.Text code>{row.action}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.entity')}>
              {row.entityType} <Typography.Text code>{row.entityId}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.reason')} span={2}>
              {row.reason ?? '—'}
            </Descriptions.Item>
          </Descriptions>

          <div>
            <Typography.Title level={5}>{t('audit.diff')}</Typography.Title>
            <Table<DiffRow & { key: number }>
              size="small"
              bordered
              pagination={false}
              data-testid="audit-diff"
              locale={{ emptyText: t('audit.noDiff') }}
              dataSource={rows.map((r, key) => ({ ...r, key }))}
              columns={[
                {
                  title: t('audit.field'),
                  dataIndex: 'field',
                  width: 200,
                  render: (field: string) => (field ? <code>{field}</code> : '—'),
                },
                {
                  title: t('audit.before'),
                  dataIndex: 'before',
                  // A recorded value (no change) spans both columns.
                  onCell: (r) => ({ colSpan: r.change ? 1 : 2 }),
                  render: (before: string | null, r) =>
                    r.change ? (
                      <Typography.Text type="danger">{before ?? '—'}</Typography.Text>
                    ) : (
                      <>
                        <Typography.Text type="secondary">{t('audit.value')}：</Typography.Text>
                        {r.after}
                      </>
                    ),
                },
                {
                  title: t('audit.after'),
                  dataIndex: 'after',
                  onCell: (r) => ({ colSpan: r.change ? 1 : 0 }),
                  render: (after: string | null) => (
                    <Typography.Text type="success">{after ?? '—'}</Typography.Text>
                  ),
                },
              ]}
            />
          </div>

          {row.diff !== null && (
            <div>
              <Typography.Title level={5}>{t('audit.raw')}</Typography.Title>
              <pre style={{ fontSize: 12, whiteSpace: 'pre-wrap', margin: 0 }}>
                {JSON.stringify(row.diff, null, 2)}
              </pre>
            </div>
          )}
        </Stack>
      )}
    </Drawer>
  );
}
