// Putting approved rule versions in force: a full or gray publication at a time not in the past,
// a gray release promoted or abandoned, and a rollback to a formerly published version. Each
// claims the set's revision (two reviewers acting at once: the second is refused).
import type { Clock } from '../../lib/clock';
import { AppError, notFound } from '../../lib/errors';
import type { Transactor } from '../../lib/transaction';
import { requireReviewer, type RuleEditor } from './rules.checks';
import type { GrayActionInput, PublishInput, RollbackInput } from './rules.schema';
import {
  audit,
  auditStatus,
  bodyDiff,
  bodyInForce,
  claimRevision,
  conflict,
  fullPublicationInForce,
  loadVersion,
  transition,
  type Repos,
} from './rules.steps';
import type { RuleSetRecord } from './rules.types';
import { versionView } from './rules.view';

export function createRulePublishing(deps: { transaction: Transactor<Repos>; clock: Clock }) {
  const { transaction, clock } = deps;

  /** A publication row (and, for a full one, the previous version superseded). */
  async function putInForce(
    repos: Repos,
    set: RuleSetRecord,
    versionId: bigint,
    p: {
      /** The gray release's target; null: a full publication. */
      gray: Record<string, unknown> | null;
      effectiveFrom: Date;
      revision: number;
      editor: RuleEditor;
      reason: string;
    },
  ) {
    if (!p.gray) await repos.rules.supersedePublished(set.id, versionId);
    await repos.rules.insertPublication({
      ruleSetId: set.id,
      versionId,
      mode: p.gray ? 'gray' : 'full',
      grayTarget: p.gray,
      effectiveFrom: p.effectiveFrom,
      setRevision: p.revision,
      publishedById: p.editor.userId,
      reason: p.reason,
    });
  }

  /** Promote and abandon both start here: the live gray release ends now. */
  async function endLiveGray(repos: Repos, input: GrayActionInput, editor: RuleEditor) {
    requireReviewer(editor);
    const set = await repos.rules.lockSet(input.ruleSetId);
    if (!set) throw notFound(`rule set ${input.ruleSetId}`, 'ruleSetId');
    const gray = await repos.rules.findLiveGray(set.id);
    if (!gray) throw conflict('no gray release is live for this rule set');
    const revision = await claimRevision(repos, set, input.expectedRevision);
    const now = clock.now();
    await repos.rules.endPublication(gray.id, now, editor.userId);
    const version = (await repos.rules.findVersion(gray.versionId))!;
    return { set, version, revision, now };
  }

  return {
    publish: (input: PublishInput, editor: RuleEditor) =>
      transaction(async (repos) => {
        requireReviewer(editor);
        const { version, set } = await loadVersion(repos, input.versionId);
        const now = clock.now();
        const effectiveFrom = input.effectiveFrom ? new Date(input.effectiveFrom) : now;
        if (effectiveFrom.getTime() < now.getTime() - 60_000) {
          throw new AppError(
            'VALIDATION_FAILED',
            'effectiveFrom is in the past; rules are never published backwards',
            { field: 'effectiveFrom' },
          );
        }
        if (await repos.rules.findLiveGray(set.id)) {
          throw conflict(
            'a gray release of this rule set is live: promote or abandon it first',
            'versionId',
          );
        }
        if (input.gray && !(await fullPublicationInForce(repos, set, clock.now()))) {
          throw conflict(
            'a gray release needs a fully published version to compare with; publish fully first',
            'gray',
          );
        }
        const revision = await claimRevision(repos, set, input.expectedRevision);
        const before = await bodyInForce(repos, set, clock.now());
        const mode = input.gray ? 'gray' : 'full';
        const updated = await transition(repos, version, ['approved'], {
          status: mode === 'gray' ? 'gray' : 'published',
        });
        await putInForce(repos, set, version.id, {
          gray: input.gray ?? null,
          effectiveFrom,
          revision,
          editor,
          reason: input.reason,
        });
        await audit(
          repos,
          editor,
          mode === 'gray' ? 'publish_gray' : 'publish',
          updated,
          {
            effectiveFrom: effectiveFrom.toISOString(),
            gray: input.gray ?? null,
            changes: bodyDiff(before, version.body),
          },
          input.reason,
        );
        return { version: versionView(updated), revision };
      }),

    promote: (input: GrayActionInput, editor: RuleEditor) =>
      transaction(async (repos) => {
        const { set, version, revision, now } = await endLiveGray(repos, input, editor);
        const updated = await transition(repos, version, ['gray'], { status: 'published' });
        await putInForce(repos, set, version.id, {
          gray: null,
          effectiveFrom: now,
          revision,
          editor,
          reason: input.reason,
        });
        await auditStatus(repos, editor, 'promote', updated, 'gray', 'published', input.reason);
        return { version: versionView(updated), revision };
      }),

    abandon: (input: GrayActionInput, editor: RuleEditor) =>
      transaction(async (repos) => {
        const { version, revision } = await endLiveGray(repos, input, editor);
        const updated = await transition(repos, version, ['gray'], { status: 'abandoned' });
        await auditStatus(repos, editor, 'abandon', updated, 'gray', 'abandoned', input.reason);
        return { version: versionView(updated), revision };
      }),

    /**
     * Republish an earlier published version as a new version, in force now. An emergency
     * action of reviewers: the copied body was approved before, so it skips a new review.
     */
    rollback: (input: RollbackInput, editor: RuleEditor) =>
      transaction(async (repos) => {
        requireReviewer(editor);
        const { version: target, set } = await loadVersion(repos, input.toVersionId);
        if (target.ruleSetId !== input.ruleSetId)
          throw notFound(`rule version ${input.toVersionId}`, 'toVersionId');
        if (target.status !== 'superseded') {
          throw conflict(
            `version ${target.versionNo} is ${target.status}; only a formerly published version can be rolled back to`,
            'toVersionId',
          );
        }
        if (await repos.rules.findLiveGray(set.id))
          throw conflict('a gray release is live: promote or abandon it first');
        const revision = await claimRevision(repos, set, input.expectedRevision);
        const before = await bodyInForce(repos, set, clock.now());
        const now = clock.now();
        const copy = await repos.rules.insertVersion({
          ruleSetId: set.id,
          versionNo: await repos.rules.nextVersionNo(set.id),
          status: 'published',
          body: target.body,
          note: `rollback to v${target.versionNo}: ${input.reason}`,
          copiedFromId: target.id,
          authorId: editor.userId,
        });
        await putInForce(repos, set, copy.id, {
          gray: null,
          effectiveFrom: now,
          revision,
          editor,
          reason: input.reason,
        });
        await audit(
          repos,
          editor,
          'rollback',
          copy,
          { toVersion: target.versionNo, changes: bodyDiff(before, target.body) },
          input.reason,
        );
        return { version: versionView(copy), revision };
      }),
  };
}
