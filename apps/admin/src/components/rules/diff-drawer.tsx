'use client';
// The structured diff between two versions (microdiff on the engine side), each change named by
// the field's label in the editor ("扣款时段 1 · 开始时间").
import { useQuery } from '@tanstack/react-query';
import { Drawer, Empty, Table, Tag, Tooltip } from 'antd';
import type { RuleKind } from '@repay/rules/vocabulary';
import { enumLabel, useT } from '@/i18n';
import { useTRPC } from '@/lib/trpc';
import { ruleFieldLabel } from './rule-labels';

const show = (v: unknown) =>
  v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v);

/** The diff of two versions as a table (the review screen shows it too). */
export function DiffTable(props: {
  kind: RuleKind;
  fromVersionId?: string;
  toVersionId: string;
  enabled?: boolean;
}) {
  const t = useT();
  const trpc = useTRPC();
  const diff = useQuery(
    trpc.rules.diff.queryOptions(
      { fromVersionId: props.fromVersionId, toVersionId: props.toVersionId },
      { enabled: props.enabled ?? true },
    ),
  );
  const rows = (diff.data ?? []).map((d, i) => ({
    key: i,
    type: d.type,
    label: ruleFieldLabel(t, props.kind, d.path),
    path: d.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
      .join('')
      .replace(/^\./, ''),
    oldValue: ('oldValue' in d ? d.oldValue : undefined) as unknown,
    value: ('value' in d ? d.value : undefined) as unknown,
  }));
  if (rows.length === 0 && !diff.isLoading) return <Empty description={t('rules.diff.none')} />;
  return (
    <Table
      size="small"
      data-testid="rule-diff"
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
          title: t('rules.diff.field'),
          dataIndex: 'label',
          render: (v: string, row) => (
            <Tooltip title={<code>{row.path}</code>}>
              <span>{v}</span>
            </Tooltip>
          ),
        },
        { title: t('rules.diff.old'), dataIndex: 'oldValue', render: show },
        { title: t('rules.diff.new'), dataIndex: 'value', render: show },
      ]}
    />
  );
}

export function DiffDrawer(props: {
  open: boolean;
  kind: RuleKind;
  fromVersionId?: string;
  toVersionId?: string;
  title: string;
  onClose: () => void;
}) {
  return (
    <Drawer
      title={props.title}
      open={props.open}
      onClose={props.onClose}
      size={760}
      destroyOnHidden
    >
      {props.toVersionId !== undefined && (
        <DiffTable
          kind={props.kind}
          fromVersionId={props.fromVersionId}
          toVersionId={props.toVersionId}
          enabled={props.open}
        />
      )}
    </Drawer>
  );
}
