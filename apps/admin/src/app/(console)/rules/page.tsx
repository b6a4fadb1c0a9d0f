'use client';
// Rules: every rule set by kind and scope, with the version in force, a live gray release
// and pending reviews; authors create new rule sets from a template in a drawer; reviewers have
// their inbox (待我审核, with its count) opening each version's review.
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, Empty, Space, Tabs, Tag, type TableColumnsType } from 'antd';
import Link from 'next/link';
import { useState } from 'react';
import { RULE_KINDS, type RuleKind } from '@repay/rules/vocabulary';
import { DataTable, useColumns } from '@/components/kit';
import { NewRuleSetDrawer } from '@/components/rules/new-rule-set-drawer';
import { ReviewDrawer, type ReviewTarget } from '@/components/rules/review-drawer';
import { ScopeKey } from '@/components/rules/rule-summary';
import { EnumTag, StatusBadge } from '@/components/status';
import { useT } from '@/i18n';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type RuleSetRow = RouterOutputs['rules']['list'][number];
type InboxRow = RouterOutputs['rules']['reviewInbox'][number];

/** The versions waiting for the signed-in reviewer, oldest first. */
function ReviewInbox(props: { rows: InboxRow[]; loading: boolean; onOpen: (r: InboxRow) => void }) {
  const t = useT();
  const col = useColumns<InboxRow>();
  if (!props.loading && props.rows.length === 0)
    return <Empty description={t('rules.inboxEmpty')} />;
  const columns: TableColumnsType<InboxRow> = [
    {
      title: t('rules.ruleSet'),
      dataIndex: 'ruleSetName',
      render: (name: string, row: InboxRow) => <Link href={`/rules/${row.ruleSetId}`}>{name}</Link>,
    },
    col.tag('rules.kind', 'kind', 'ruleKind'),
    {
      title: '#',
      dataIndex: 'versionNo',
      render: (v: number) => t('rules.version', { no: v }),
    },
    col.text('rules.author', 'authorName', {
      render: (v: string | null) => v ?? t('rules.system'),
    }),
    col.text('rules.submitNote', 'submitNote', { ellipsis: true }),
    col.time('rules.submittedAt', 'submittedAt'),
    col.actions((row) => (
      <Button size="small" type="primary" onClick={() => props.onOpen(row)}>
        {t('rules.review')}
      </Button>
    )),
  ];
  return (
    <DataTable<InboxRow>
      rowKey="id"
      size="middle"
      data-testid="review-inbox"
      loading={props.loading}
      dataSource={props.rows}
      columns={columns}
    />
  );
}

export default function RulesPage() {
  const t = useT();
  const trpc = useTRPC();
  const col = useColumns<RuleSetRow>();
  const [kind, setKind] = useState<RuleKind | 'all' | 'inbox'>('all');
  const [open, setOpen] = useState(false);
  const [review, setReview] = useState<ReviewTarget | null>(null);
  const list = useQuery(
    trpc.rules.list.queryOptions(kind === 'all' || kind === 'inbox' ? {} : { kind }),
  );
  const abilities = useQuery(trpc.rules.abilities.queryOptions());
  const canReview = abilities.data?.canReview ?? false;
  const inbox = useQuery(trpc.rules.reviewInbox.queryOptions(undefined, { enabled: canReview }));
  const waiting = inbox.data?.length ?? 0;
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
        onChange={(k) => setKind(k as RuleKind | 'all' | 'inbox')}
        items={[
          ...(canReview
            ? [
                {
                  key: 'inbox',
                  label: (
                    <Space size={6}>
                      {t('rules.inbox')}
                      <Badge count={waiting} showZero={false} data-testid="inbox-count" />
                    </Space>
                  ),
                },
              ]
            : []),
          { key: 'all', label: t('rules.all') },
          ...RULE_KINDS.map((k) => ({ key: k, label: t(`enum.ruleKind.${k}`) })),
        ]}
      />
      {kind === 'inbox' ? (
        <ReviewInbox
          rows={inbox.data ?? []}
          loading={inbox.isLoading}
          onOpen={(r) => setReview({ ruleSetId: r.ruleSetId, versionId: r.id })}
        />
      ) : (
        <DataTable<RuleSetRow>
          rowKey="id"
          size="middle"
          loading={list.isLoading}
          dataSource={list.data}
          columns={columns}
          scroll={{ x: 960 }}
        />
      )}
      <ReviewDrawer target={review} onClose={() => setReview(null)} />
      <NewRuleSetDrawer open={open} onClose={() => setOpen(false)} authorKinds={authorKinds} />
    </Card>
  );
}
