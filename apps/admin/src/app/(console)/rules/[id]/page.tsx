'use client';
// One rule set: what is in force (full and gray side by side), the version history with
// review and release actions by role, publications, and the editor with simulation.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Row,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useState } from 'react';
import { ActionModal, type ActionKind, type ActionValues } from '@/components/rules/action-modal';
import { DiffDrawer } from '@/components/rules/diff-drawer';
import { RuleEditor } from '@/components/rules/rule-editor';
import { GrayTargetText, RuleSummary, ScopeKey } from '@/components/rules/rule-summary';
import { EnumTag, StatusBadge } from '@/components/status';
import { enumLabel, useT } from '@/i18n';
import { shanghaiTime } from '@/lib/format';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type Detail = RouterOutputs['rules']['get'];
type VersionRow = Detail['versions'][number];

export default function RuleSetPage() {
  const t = useT();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { id } = useParams<{ id: string }>();
  const detail = useQuery(trpc.rules.get.queryOptions({ ruleSetId: id }));
  const abilities = useQuery(trpc.rules.abilities.queryOptions());
  const [editor, setEditor] = useState<{ versionId?: string; body: unknown } | null>(null);
  const [action, setAction] = useState<{ kind: ActionKind; version?: VersionRow } | null>(null);
  const [diff, setDiff] = useState<{ from?: string; to: string; title: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.rules.pathKey() });
  const opts = { meta: { handlesErrors: true }, onSuccess: refresh };
  const m = {
    submit: useMutation(trpc.rules.submit.mutationOptions(opts)),
    approve: useMutation(trpc.rules.approve.mutationOptions(opts)),
    reject: useMutation(trpc.rules.reject.mutationOptions(opts)),
    publish: useMutation(trpc.rules.publish.mutationOptions(opts)),
    promote: useMutation(trpc.rules.promote.mutationOptions(opts)),
    abandon: useMutation(trpc.rules.abandon.mutationOptions(opts)),
    rollback: useMutation(trpc.rules.rollback.mutationOptions(opts)),
  };
  const getVersion = (versionId: string) =>
    queryClient.fetchQuery(trpc.rules.version.queryOptions({ versionId }));

  if (!detail.data) return <Card loading={detail.isLoading} />;
  const { set, versions, publications, published, gray, grayTarget } = detail.data;
  const kind = set.kind;
  const canAuthor = (abilities.data?.authorKinds ?? []).includes(kind);
  const canReview = abilities.data?.canReview ?? false;
  const me = abilities.data?.userId;

  const run = async (kindOfAction: ActionKind, values: ActionValues) => {
    const version = action?.version;
    const reason = values.reason?.trim() ?? '';
    const expectedRevision = set.revision;
    if (kindOfAction === 'submit')
      await m.submit.mutateAsync({ versionId: version!.id, note: reason || undefined });
    if (kindOfAction === 'approve')
      await m.approve.mutateAsync({ versionId: version!.id, note: reason || undefined });
    if (kindOfAction === 'reject')
      await m.reject.mutateAsync({ versionId: version!.id, note: reason });
    if (kindOfAction === 'publish' || kindOfAction === 'publishGray') {
      await m.publish.mutateAsync({
        versionId: version!.id,
        expectedRevision,
        reason,
        effectiveFrom: values.effectiveFrom?.toISOString(),
        gray:
          kindOfAction === 'publishGray'
            ? {
                funderCodes: values.funderCodes,
                productCodes: values.productCodes,
                percent: values.percent ?? undefined,
              }
            : undefined,
      });
    }
    if (kindOfAction === 'promote')
      await m.promote.mutateAsync({ ruleSetId: set.id, expectedRevision, reason });
    if (kindOfAction === 'abandon')
      await m.abandon.mutateAsync({ ruleSetId: set.id, expectedRevision, reason });
    if (kindOfAction === 'rollback')
      await m.rollback.mutateAsync({
        ruleSetId: set.id,
        toVersionId: version!.id,
        expectedRevision,
        reason,
      });
    void message.success(t('rules.done'));
  };

  const actionsFor = (v: VersionRow) => {
    const buttons: React.ReactNode[] = [];
    const btn = (kindOfAction: ActionKind, label: string, primary = false) => (
      <Button
        key={kindOfAction}
        size="small"
        type={primary ? 'primary' : 'default'}
        onClick={() => setAction({ kind: kindOfAction, version: v })}
      >
        {label}
      </Button>
    );
    if ((v.status === 'draft' || v.status === 'rejected') && canAuthor) {
      buttons.push(
        <Button
          key="edit"
          size="small"
          onClick={() =>
            void getVersion(v.id).then((full) => setEditor({ versionId: v.id, body: full.body }))
          }
        >
          {t('rules.editDraft')}
        </Button>,
      );
    }
    if (v.status === 'draft' && canAuthor) buttons.push(btn('submit', t('rules.submit'), true));
    if (v.status === 'submitted' && canReview && v.authorId !== me) {
      buttons.push(btn('approve', t('rules.approve'), true), btn('reject', t('rules.reject')));
    }
    if (v.status === 'approved' && canReview && !gray) {
      buttons.push(btn('publish', t('rules.publish'), true));
      if (published) buttons.push(btn('publishGray', t('rules.publishGray')));
    }
    if (v.status === 'superseded' && canReview && !gray)
      buttons.push(btn('rollback', t('rules.rollback')));
    buttons.push(
      <Button
        key="diff"
        size="small"
        type="link"
        onClick={() =>
          setDiff({
            from: published && published.id !== v.id ? published.id : undefined,
            to: v.id,
            title: t('rules.diffTitle', {
              from: published ? t('rules.version', { no: published.versionNo }) : '∅',
              to: t('rules.version', { no: v.versionNo }),
            }),
          })
        }
      >
        {t('rules.diff')}
      </Button>,
    );
    return (
      <Space wrap size={4}>
        {buttons}
      </Space>
    );
  };

  const inForce = gray ? (
    <Row gutter={12}>
      <Col xs={24} lg={12}>
        <Card
          size="small"
          title={t('rules.fullSide', {
            version: t('rules.version', { no: published?.versionNo ?? 0 }),
          })}
        >
          {published ? <RuleSummary kind={kind} body={published.body} /> : <Empty />}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card
          size="small"
          title={t('rules.graySide', { version: t('rules.version', { no: gray.versionNo }) })}
          extra={
            canReview && (
              <Space>
                <Button size="small" type="primary" onClick={() => setAction({ kind: 'promote' })}>
                  {t('rules.promote')}
                </Button>
                <Button size="small" danger onClick={() => setAction({ kind: 'abandon' })}>
                  {t('rules.abandon')}
                </Button>
              </Space>
            )
          }
        >
          <Typography.Paragraph type="secondary">
            {t('rules.grayTarget')}：<GrayTargetText target={grayTarget} />
          </Typography.Paragraph>
          <RuleSummary kind={kind} body={gray.body} />
        </Card>
      </Col>
    </Row>
  ) : published ? (
    <Card size="small" title={t('rules.version', { no: published.versionNo })}>
      <RuleSummary kind={kind} body={published.body} />
    </Card>
  ) : (
    <Empty description={t('rules.noneInForce')} />
  );

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={
          <Space>
            <Link href="/rules">{t('rules.title')}</Link>/<span>{set.name}</span>
          </Space>
        }
        extra={
          canAuthor && (
            <Button
              type="primary"
              // A new version starts from what is in force, else from the latest version.
              onClick={() =>
                published
                  ? setEditor({ body: published.body })
                  : void getVersion(versions[0]!.id).then((v) => setEditor({ body: v.body }))
              }
              disabled={!published && versions.length === 0}
            >
              {t('rules.newVersion')}
            </Button>
          )
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 4 }}>
          <Descriptions.Item label={t('rules.kind')}>
            <EnumTag group="ruleKind" value={set.kind} />
          </Descriptions.Item>
          <Descriptions.Item label={t('rules.scope')}>
            <EnumTag group="ruleScope" value={set.scopeType} />{' '}
            <ScopeKey scopeType={set.scopeType} scopeKey={set.scopeKey} />
          </Descriptions.Item>
          <Descriptions.Item label={t('rules.published')}>
            {published ? (
              <Tag color="green">{t('rules.version', { no: published.versionNo })}</Tag>
            ) : (
              t('rules.none')
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('rules.revision', { revision: '' })}>
            {set.revision}
          </Descriptions.Item>
          <Descriptions.Item label={t('rules.description')} span={4}>
            {set.description}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card>
        <Tabs
          items={[
            { key: 'inForce', label: t('rules.inForce'), children: inForce },
            {
              key: 'history',
              label: t('rules.history'),
              children: (
                <Table<VersionRow>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={versions}
                  scroll={{ x: 1100 }}
                  columns={[
                    {
                      title: '#',
                      dataIndex: 'versionNo',
                      render: (v: number) => t('rules.version', { no: v }),
                    },
                    {
                      title: t('common.status'),
                      dataIndex: 'status',
                      render: (v: string) => <StatusBadge group="ruleStatus" value={v} />,
                    },
                    {
                      title: t('rules.author'),
                      dataIndex: 'authorName',
                      render: (v: string | null) => v ?? t('rules.system'),
                    },
                    { title: t('rules.note'), dataIndex: 'note', ellipsis: true },
                    {
                      title: t('rules.reviewer'),
                      dataIndex: 'reviewerName',
                      render: (v: string | null, r) =>
                        r.reviewedAt ? (v ?? t('rules.system')) : '—',
                    },
                    { title: t('rules.reviewNote'), dataIndex: 'reviewNote', ellipsis: true },
                    {
                      title: t('common.updatedAt'),
                      dataIndex: 'updatedAt',
                      render: (v: string) => shanghaiTime(v),
                    },
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      fixed: 'right',
                      render: (_: unknown, v) => actionsFor(v),
                    },
                  ]}
                />
              ),
            },
            {
              key: 'publications',
              label: t('rules.publications'),
              children: (
                <Table
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={publications}
                  columns={[
                    {
                      title: '#',
                      dataIndex: 'versionId',
                      render: (v: string) =>
                        t('rules.version', {
                          no: versions.find((x) => x.id === v)?.versionNo ?? '?',
                        }),
                    },
                    {
                      title: t('rules.mode'),
                      dataIndex: 'mode',
                      render: (v: string) => enumLabel(t, 'pubMode', v),
                    },
                    {
                      title: t('rules.grayTarget'),
                      dataIndex: 'grayTarget',
                      render: (v: unknown) => (v ? <GrayTargetText target={v} /> : '—'),
                    },
                    {
                      title: t('rules.effectiveFrom'),
                      dataIndex: 'effectiveFrom',
                      render: (v: string) => shanghaiTime(v),
                    },
                    {
                      title: t('rules.endedAt'),
                      dataIndex: 'endedAt',
                      render: (v: string | null) => (v ? shanghaiTime(v) : '—'),
                    },
                    { title: t('rules.reason'), dataIndex: 'reason' },
                  ]}
                />
              ),
            },
          ]}
        />
      </Card>
      <RuleEditor
        open={editor !== null}
        ruleSetId={set.id}
        kind={kind}
        name={set.name}
        scope={{ scopeType: set.scopeType, scopeKey: set.scopeKey }}
        versionId={editor?.versionId}
        body={editor?.body ?? null}
        onClose={() => setEditor(null)}
        onSaved={() => void refresh()}
      />
      <ActionModal
        action={action?.kind ?? null}
        title={
          action
            ? `${actionLabel(t, action.kind)}${action.version ? ` · ${t('rules.version', { no: action.version.versionNo })}` : ''}`
            : ''
        }
        onClose={() => setAction(null)}
        onSubmit={run}
      />
      <DiffDrawer
        open={diff !== null}
        fromVersionId={diff?.from}
        toVersionId={diff?.to}
        title={diff?.title ?? ''}
        onClose={() => setDiff(null)}
      />
    </Space>
  );
}

function actionLabel(t: ReturnType<typeof useT>, kind: ActionKind): string {
  const keys = {
    submit: 'rules.submit',
    approve: 'rules.approve',
    reject: 'rules.reject',
    publish: 'rules.publish',
    publishGray: 'rules.publishGray',
    promote: 'rules.promote',
    abandon: 'rules.abandon',
    rollback: 'rules.rollback',
  } as const;
  return t(keys[kind]);
}
