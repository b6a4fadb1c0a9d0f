'use client';
// Rules: every rule set by kind and scope, with the version in force, a live gray release
// and pending reviews; authors create new rule sets from a template in a drawer.
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, Space, Tabs, Tag, type TableColumnsType } from 'antd';
import Link from 'next/link';
import { useState } from 'react';
import { RULE_KINDS, type RuleKind } from '@repay/rules/vocabulary';
import { DataTable, useColumns } from '@/components/kit';
import { NewRuleSetDrawer } from '@/components/rules/new-rule-set-drawer';
import { ScopeKey } from '@/components/rules/rule-summary';
import { EnumTag, StatusBadge } from '@/components/status';
import { useT } from '@/i18n';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type RuleSetRow = RouterOutputs['rules']['list'][number];

export default function RulesPage() {
  const t = useT();
  const trpc = useTRPC();
  const col = useColumns<RuleSetRow>();
  const [kind, setKind] = useState<RuleKind | 'all'>('all');
  const [open, setOpen] = useState(false);
  const list = useQuery(trpc.rules.list.queryOptions(kind === 'all' ? {} : { kind }));
  const abilities = useQuery(trpc.rules.abilities.queryOptions());
  const authorKinds: readonly string[] = abilities.data?.authorKinds ?? [];

  const columns: TableColumnsType<RuleSetRow> = [
    {
      title: t('rules.name'),
      dataIndex: 'name',
      render: (name: string, row: RuleSetRow) => <Link href={`/rules/${row.id}`}>{name}</Link>,
    },
    col.tag('rules.kind', 'kind', 'ruleKind'),
    {
      title: t('rules.scope'),
      key: 'scope',
      render: (_: unknown, row: RuleSetRow) => (
        <Space size={4}>
          <EnumTag group="ruleScope" value={row.scopeType} />
          <ScopeKey scopeType={row.scopeType} scopeKey={row.scopeKey} />
        </Space>
      ),
    },
    {
      title: t('rules.published'),
      dataIndex: 'published',
      render: (v: number | null) =>
        v ? <Tag color="green">{t('rules.version', { no: v })}</Tag> : t('rules.none'),
    },
    {
      title: t('rules.gray'),
      dataIndex: 'gray',
      render: (v: number | null) =>
        v ? <Badge status="processing" text={t('rules.version', { no: v })} /> : '—',
    },
    {
      title: t('rules.latest'),
      key: 'latest',
      render: (_: unknown, row: RuleSetRow) =>
        row.latest ? (
          <Space size={4}>
            {t('rules.version', { no: row.latest.versionNo })}
            <StatusBadge group="ruleStatus" value={row.latest.status} />
          </Space>
        ) : null,
    },
    {
      title: t('rules.pending'),
      dataIndex: 'pendingReview',
      align: 'right',
      render: (v: number) => (v > 0 ? <Badge count={v} /> : '—'),
    },
    col.time('common.updatedAt', 'updatedAt'),
  ];

  return (
    <Card
      title={t('rules.title')}
      extra={
        authorKinds.length > 0 && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            {t('rules.create')}
          </Button>
        )
      }
    >
      <Tabs
        activeKey={kind}
        onChange={(k) => setKind(k as RuleKind | 'all')}
        items={[
          { key: 'all', label: t('rules.all') },
          ...RULE_KINDS.map((k) => ({ key: k, label: t(`enum.ruleKind.${k}`) })),
        ]}
      />
      <DataTable<RuleSetRow>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data}
        columns={columns}
        scroll={{ x: 960 }}
      />
      <NewRuleSetDrawer open={open} onClose={() => setOpen(false)} authorKinds={authorKinds} />
    </Card>
  );
}
