'use client';
// The structured diff between two versions (microdiff on the engine side).
import { useQuery } from '@tanstack/react-query';
import { Drawer, Empty, Table, Tag } from 'antd';
import { enumLabel, useT } from '@/i18n';
import { useTRPC } from '@/lib/trpc';

const show = (v: unknown) =>
  v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v);

export function DiffDrawer(props: {
  open: boolean;
  fromVersionId?: string;
  toVersionId?: string;
  title: string;
  onClose: () => void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const diff = useQuery(
    trpc.rules.diff.queryOptions(
      { fromVersionId: props.fromVersionId, toVersionId: props.toVersionId ?? '0' },
      { enabled: props.open && props.toVersionId !== undefined },
    ),
  );
  const rows = (diff.data ?? []).map((d, i) => ({
    key: i,
    type: d.type,
    path: d.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
      .join('')
      .replace(/^\./, ''),
    oldValue: ('oldValue' in d ? d.oldValue : undefined) as unknown,
    value: ('value' in d ? d.value : undefined) as unknown,
  }));
  return (
    <Drawer
      title={props.title}
      open={props.open}
      onClose={props.onClose}
      size={760}
      destroyOnHidden
    >
      {rows.length === 0 && !diff.isLoading ? (
        <Empty description={t('rules.diff.none')} />
      ) : (
        <Table
          size="small"
          loading={diff.isLoading}
          dataSource={rows}
          pagination={false}
          columns={[
            {
              title: t('rules.diff.type'),
              dataIndex: 'type',
              render: (v: string) => (
                <Tag color={v === 'CREATE' ? 'green' : v === 'REMOVE' ? 'red' : 'blue'}>
                  {enumLabel(t, 'diffType', v)}
                </Tag>
              ),
            },
            {
              title: t('rules.diff.path'),
              dataIndex: 'path',
              render: (v: string) => <code>{v}</code>,
            },
            { title: t('rules.diff.old'), dataIndex: 'oldValue', render: show },
            { title: t('rules.diff.new'), dataIndex: 'value', render: show },
          ]}
        />
      )}
    </Drawer>
  );
}
