'use client';
// The review and release actions on a rule set, each its engine call: a version's submit,
// approve, reject, publish (full or gray) and rollback; the gray release's promote and abandon.
// Every one that changes what is in force names the revision it saw.
import { useMutation } from '@tanstack/react-query';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';
import type { ActionKind, ActionValues } from '../action-modal';

export type RuleSetDetail = RouterOutputs['rules']['get'];
export type VersionRow = RuleSetDetail['versions'][number];

export function useRuleActions(set: RuleSetDetail['set']) {
  const trpc = useTRPC();
  // The action modal shows their errors.
  const opts = { meta: { handlesErrors: true } };
  const m = {
    submit: useMutation(trpc.rules.submit.mutationOptions(opts)),
    approve: useMutation(trpc.rules.approve.mutationOptions(opts)),
    reject: useMutation(trpc.rules.reject.mutationOptions(opts)),
    publish: useMutation(trpc.rules.publish.mutationOptions(opts)),
    promote: useMutation(trpc.rules.promote.mutationOptions(opts)),
    abandon: useMutation(trpc.rules.abandon.mutationOptions(opts)),
    rollback: useMutation(trpc.rules.rollback.mutationOptions(opts)),
    discard: useMutation(trpc.rules.discardDraft.mutationOptions(opts)),
  };

  return async (kind: ActionKind, version: VersionRow | undefined, values: ActionValues) => {
    const reason = values.reason?.trim() ?? '';
    const note = reason || undefined;
    const expectedRevision = set.revision;
    const versionId = version?.id ?? '';
    switch (kind) {
      case 'submit':
        return m.submit.mutateAsync({ versionId, note });
      case 'approve':
        return m.approve.mutateAsync({ versionId, note });
      case 'reject':
        return m.reject.mutateAsync({ versionId, note: reason });
      case 'discard':
        return m.discard.mutateAsync({ versionId, note: reason });
      case 'publish':
      case 'publishGray':
        return m.publish.mutateAsync({
          versionId,
          expectedRevision,
          reason,
          effectiveFrom: values.effectiveFrom?.toISOString(),
          gray:
            kind === 'publishGray'
              ? {
                  funderCodes: values.funderCodes,
                  productCodes: values.productCodes,
                  percent: values.percent ?? undefined,
                }
              : undefined,
        });
      case 'promote':
        return m.promote.mutateAsync({ ruleSetId: set.id, expectedRevision, reason });
      case 'abandon':
        return m.abandon.mutateAsync({ ruleSetId: set.id, expectedRevision, reason });
      case 'rollback':
        return m.rollback.mutateAsync({
          ruleSetId: set.id,
          toVersionId: versionId,
          expectedRevision,
          reason,
        });
    }
  };
}
