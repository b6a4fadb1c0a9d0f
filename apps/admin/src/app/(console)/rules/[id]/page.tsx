'use client';
// One rule set: what is in force (full and gray side by side), the version history with
// review and release actions by role, publications, and the editor with simulation.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Card, Tabs } from 'antd';
import { useParams } from 'next/navigation';
import { useState } from 'react';
import { Stack } from '@/components/kit';
import { ActionModal, actionLabel, type ActionKind } from '@/components/rules/action-modal';
import { DiffDrawer } from '@/components/rules/diff-drawer';
import { ReviewDrawer, type ReviewTarget } from '@/components/rules/review-drawer';
import { RuleEditor } from '@/components/rules/rule-editor';
import { InForce } from '@/components/rules/set/in-force';
import { RuleSetHeader } from '@/components/rules/set/rule-set-header';
import { PublicationsTable, VersionsTable } from '@/components/rules/set/rule-set-tables';
import {
  useRuleActions,
  type RuleSetDetail,
  type VersionRow,
} from '@/components/rules/set/use-rule-actions';
import { VersionActions } from '@/components/rules/set/version-actions';
import { useT } from '@/i18n';
import { shanghaiTime } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';

export default function RuleSetPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { id } = useParams<{ id: string }>();
  const detail = useQuery(trpc.rules.get.queryOptions({ ruleSetId: id }));
  if (!detail.data) return <Card loading={detail.isLoading} />;
  return (
    <RuleSet
      detail={detail.data}
      onChanged={() => void queryClient.invalidateQueries({ queryKey: trpc.rules.pathKey() })}
    />
  );
}

function RuleSet({ detail, onChanged }: { detail: RuleSetDetail; onChanged: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const abilities = useQuery(trpc.rules.abilities.queryOptions());
  const [editor, setEditor] = useState<{ versionId?: string; body: unknown } | null>(null);
  const [action, setAction] = useState<{ kind: ActionKind; version?: VersionRow } | null>(null);
  const [diff, setDiff] = useState<{ from?: string; to: string; title: string } | null>(null);
  const [review, setReview] = useState<ReviewTarget | null>(null);
  const run = useRuleActions(detail.set);
  const { set, versions, publications, published, gray } = detail;
  const canAuthor = (abilities.data?.authorKinds ?? []).includes(set.kind);
  const canReview = abilities.data?.canReview ?? false;
  const getVersion = (versionId: string) =>
    queryClient.fetchQuery(trpc.rules.version.queryOptions({ versionId }));
  const versionLabel = (no: number) => t('rules.version', { no });

  const showDiff = (v: VersionRow) =>
    setDiff({
      from: published && published.id !== v.id ? published.id : undefined,
      to: v.id,
      title: t('rules.diffTitle', {
        from: published ? versionLabel(published.versionNo) : '∅',
        to: versionLabel(v.versionNo),
      }),
    });
  const can = {
    canAuthor,
    canReview,
    userId: abilities.data?.userId,
    gray: Boolean(gray),
    published: Boolean(published),
    grayUnavailable: detail.grayUnavailable
      ? t(`rules.grayWhy.${detail.grayUnavailable.reason}`, {
          time: shanghaiTime(detail.grayUnavailable.effectiveFrom),
        })
      : null,
  };

  return (
    <Stack>
      <RuleSetHeader
        detail={detail}
        canAuthor={canAuthor}
        // A new version starts from what is in force, else from the latest version.
        onNewVersion={() =>
          published
            ? setEditor({ body: published.body })
            : void getVersion(versions[0]!.id).then((v) => setEditor({ body: v.body }))
        }
      />
      <Card>
        <Tabs
          items={[
            {
              key: 'inForce',
              label: t('rules.inForce'),
              children: (
                <InForce
                  kind={set.kind}
                  detail={detail}
                  canReview={canReview}
                  onAction={(kind) => setAction({ kind })}
                />
              ),
            },
            {
              key: 'history',
              label: t('rules.history'),
              children: (
                <VersionsTable
                  versions={versions}
                  actions={(v) => (
                    <VersionActions
                      version={v}
                      can={can}
                      onAction={(kind) => setAction({ kind, version: v })}
                      onEdit={() =>
                        void getVersion(v.id).then((full) =>
                          setEditor({ versionId: v.id, body: full.body }),
                        )
                      }
                      onDiff={() => showDiff(v)}
                      onReview={() => setReview({ ruleSetId: set.id, versionId: v.id })}
                    />
                  )}
                />
              ),
            },
            {
              key: 'publications',
              label: t('rules.publications'),
              children: <PublicationsTable publications={publications} versions={versions} />,
            },
          ]}
        />
      </Card>
      <RuleEditor
        open={editor !== null}
        ruleSetId={set.id}
        kind={set.kind}
        name={set.name}
        scope={{ scopeType: set.scopeType, scopeKey: set.scopeKey }}
        versionId={editor?.versionId}
        body={editor?.body ?? null}
        onClose={() => setEditor(null)}
        onSaved={onChanged}
      />
      <ActionModal
        action={action?.kind ?? null}
        title={
          action
            ? `${actionLabel(t, action.kind)}${action.version ? ` · ${versionLabel(action.version.versionNo)}` : ''}`
            : ''
        }
        onClose={() => setAction(null)}
        onSubmit={(kind, values) => run(kind, action?.version, values)}
      />
      <ReviewDrawer target={review} onClose={() => setReview(null)} />
      <DiffDrawer
        open={diff !== null}
        kind={set.kind}
        fromVersionId={diff?.from}
        toVersionId={diff?.to}
        title={diff?.title ?? ''}
        onClose={() => setDiff(null)}
      />
    </Stack>
  );
}
