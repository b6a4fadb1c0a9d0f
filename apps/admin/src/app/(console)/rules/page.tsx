'use client';
// Rules: every rule set by kind and scope, with the version in force, a live gray release
// and pending reviews; authors create new rule sets from a template in a drawer.
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, Form, Input, Select, Space, Table, Tabs, Tag } from 'antd';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { RULE_KINDS, RULE_SCOPES, type RuleKind } from '@repay/rules/vocabulary';
import { EditDrawer } from '@/components/edit-drawer';
import { ScopeKey } from '@/components/rules/rule-summary';
import { ruleTemplates } from '@/components/rules/templates';
import { EnumTag, StatusBadge } from '@/components/status';
import { useT } from '@/i18n';
import { shanghaiTime } from '@/lib/format';
import { businessLines, useEnumOptions, useReferenceOptions } from '@/lib/options';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type RuleSetRow = RouterOutputs['rules']['list'][number];
interface NewRuleSet {
  kind: RuleKind;
  scopeType: (typeof RULE_SCOPES)[number];
  scopeKey?: string;
  name: string;
  description?: string;
}

export default function RulesPage() {
  const t = useT();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<RuleKind | 'all'>('all');
  const [open, setOpen] = useState(false);
  const list = useQuery(trpc.rules.list.queryOptions(kind === 'all' ? {} : { kind }));
  const abilities = useQuery(trpc.rules.abilities.queryOptions());
  const create = useMutation(
    trpc.rules.create.mutationOptions({
      meta: { handlesErrors: true },
      onSuccess: async (created) => {
        await queryClient.invalidateQueries({ queryKey: trpc.rules.list.queryKey() });
        router.push(`/rules/${created.set.id}`);
      },
    }),
  );
  const authorKinds: readonly string[] = abilities.data?.authorKinds ?? [];
  const kindOptions = useEnumOptions('ruleKind', RULE_KINDS).filter((o) =>
    authorKinds.includes(o.value),
  );
  const scopeOptions = useEnumOptions('ruleScope', RULE_SCOPES);
  const lineOptions = useEnumOptions('businessLine', businessLines);
  const { funders, products } = useReferenceOptions();

  const columns = [
    {
      title: t('rules.name'),
      dataIndex: 'name',
      render: (name: string, row: RuleSetRow) => <Link href={`/rules/${row.id}`}>{name}</Link>,
    },
    {
      title: t('rules.kind'),
      dataIndex: 'kind',
      render: (v: string) => <EnumTag group="ruleKind" value={v} />,
    },
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
      align: 'right' as const,
      render: (v: number) => (v > 0 ? <Badge count={v} /> : '—'),
    },
    {
      title: t('common.updatedAt'),
      dataIndex: 'updatedAt',
      render: (v: string) => shanghaiTime(v),
    },
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
      <Table<RuleSetRow>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data}
        columns={columns}
        pagination={false}
        scroll={{ x: 960 }}
      />
      <EditDrawer<NewRuleSet>
        title={t('rules.create')}
        open={open}
        initialValues={{ kind: kindOptions[0]?.value, scopeType: 'global' }}
        onClose={() => setOpen(false)}
        onSubmit={(v) =>
          create.mutateAsync({
            kind: v.kind,
            scopeType: v.scopeType,
            scopeKey: v.scopeType === 'global' ? '*' : (v.scopeKey ?? ''),
            name: v.name,
            description: v.description,
            body: ruleTemplates[v.kind],
          })
        }
      >
        {() => (
          <>
            <Form.Item
              name="kind"
              label={t('rules.kind')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <Select options={kindOptions} />
            </Form.Item>
            <Form.Item name="scopeType" label={t('rules.scope')} rules={[{ required: true }]}>
              <Select options={scopeOptions} />
            </Form.Item>
            <Form.Item noStyle dependencies={['scopeType']}>
              {({ getFieldValue }) => {
                const scope = getFieldValue('scopeType') as string;
                if (scope === 'global') return null;
                const options =
                  scope === 'business_line' ? lineOptions : scope === 'funder' ? funders : products;
                return (
                  <Form.Item
                    name="scopeKey"
                    label={t(`enum.ruleScope.${scope}` as 'enum.ruleScope.global')}
                    rules={[{ required: true, message: t('common.required') }]}
                  >
                    <Select options={options} showSearch />
                  </Form.Item>
                );
              }}
            </Form.Item>
            <Form.Item
              name="name"
              label={t('rules.name')}
              rules={[{ required: true, message: t('common.required') }, { max: 60 }]}
            >
              <Input />
            </Form.Item>
            <Form.Item name="description" label={t('rules.description')}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </>
        )}
      </EditDrawer>
    </Card>
  );
}
