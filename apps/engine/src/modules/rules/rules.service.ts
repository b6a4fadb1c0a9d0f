// The rule lifecycle: drafts, review by a second person, atomic publication (full or
// gray), promotion, abandonment and rollback. Every transition is audited with a diff.
// Drafts and review are here; reading in rules.read.ts, publication in rules.publish.ts, the
// checks in rules.checks.ts and the steps every transition shares in rules.steps.ts.
import type { Clock } from '../../lib/clock';
import { AppError, notFound } from '../../lib/errors';
import type { Transactor } from '../../lib/transaction';
import {
  checkCeilings,
  checkScope,
  requireAuthor,
  requireReviewer,
  validBody,
  type RuleEditor,
} from './rules.checks';
import { createRulePublishing } from './rules.publish';
import { createRulesReader } from './rules.read';
import type { CreateRuleSetInput, SaveDraftInput } from './rules.schema';
import {
  audit,
  auditStatus,
  bodyDiff,
  bodyInForce,
  conflict,
  loadVersion,
  transition,
  type Repos,
} from './rules.steps';
import type { RulesRepo } from './rules.types';
import { ruleSetView, versionView } from './rules.view';

export { systemEditor, type RuleEditor } from './rules.checks';

export function createRulesService(deps: {
  repo: RulesRepo;
  transaction: Transactor<Repos>;
  clock: Clock;
}) {
  const { repo, transaction, clock } = deps;

  return {
    ...createRulesReader(repo, clock),

    createSet: (input: CreateRuleSetInput, editor: RuleEditor) =>
      transaction(async (repos) => {
        requireAuthor(editor, input.kind);
        const scopeKey = await checkScope(repos.tx, input.scopeType, input.scopeKey);
        const body = validBody(input.kind, input.body);
        await checkCeilings(repos.tx, input.kind, input.scopeType, scopeKey, body);
        const set = await repos.rules.insertSet({
          kind: input.kind,
          scopeType: input.scopeType,
          scopeKey,
          name: input.name,
          description: input.description ?? null,
        });
        if (!set)
          throw conflict(
            `a ${input.kind} rule set for ${input.scopeType} ${scopeKey} already exists`,
            'scopeKey',
          );
        const version = await repos.rules.insertVersion({
          ruleSetId: set.id,
          versionNo: 1,
          status: 'draft',
          body,
          note: input.note ?? null,
          authorId: editor.userId,
        });
        await audit(repos, editor, 'create', version, bodyDiff({}, body), input.note);
        return { set: ruleSetView(set), version: versionView(version) };
      }),

    saveDraft: (input: SaveDraftInput, editor: RuleEditor) =>
      transaction(async (repos) => {
        const set = await repos.rules.lockSet(input.ruleSetId);
        if (!set) throw notFound(`rule set ${input.ruleSetId}`, 'ruleSetId');
        requireAuthor(editor, set.kind);
        const body = validBody(set.kind, input.body);
        await checkCeilings(repos.tx, set.kind, set.scopeType, set.scopeKey, body);
        if (input.versionId !== undefined) {
          const current = await repos.rules.findVersion(input.versionId);
          if (!current || current.ruleSetId !== set.id)
            throw notFound(`rule version ${input.versionId}`, 'versionId');
          const updated = await transition(repos, current, ['draft', 'rejected'], {
            body,
            note: input.note ?? current.note,
            status: 'draft',
          });
          await audit(repos, editor, 'edit', updated, bodyDiff(current.body, body), input.note);
          return versionView(updated);
        }
        const base = await bodyInForce(repos, set, clock.now());
        const version = await repos.rules.insertVersion({
          ruleSetId: set.id,
          versionNo: await repos.rules.nextVersionNo(set.id),
          status: 'draft',
          body,
          note: input.note ?? null,
          authorId: editor.userId,
        });
        await audit(repos, editor, 'draft', version, bodyDiff(base, body), input.note);
        return versionView(version);
      }),

    /**
     * Discard a draft (or a rejected version): it becomes abandoned, kept in the history with
     * who discarded it and why; nothing in force changes.
     */
    discardDraft: (versionId: bigint, editor: RuleEditor, note: string) =>
      transaction(async (repos) => {
        const { version, set } = await loadVersion(repos, versionId);
        requireAuthor(editor, set.kind);
        const updated = await transition(repos, version, ['draft', 'rejected'], {
          status: 'abandoned',
        });
        await auditStatus(repos, editor, 'discard', updated, version.status, 'abandoned', note);
        return versionView(updated);
      }),

    submit: (versionId: bigint, editor: RuleEditor, note?: string) =>
      transaction(async (repos) => {
        const { version, set } = await loadVersion(repos, versionId);
        requireAuthor(editor, set.kind);
        validBody(set.kind, version.body);
        // Again at review: a ceiling may have been lowered since the draft was saved.
        await checkCeilings(repos.tx, set.kind, set.scopeType, set.scopeKey, version.body);
        const updated = await transition(repos, version, ['draft'], {
          status: 'submitted',
          submittedAt: clock.now(),
          submitNote: note || null,
        });
        await auditStatus(repos, editor, 'submit', updated, 'draft', 'submitted', note);
        return versionView(updated);
      }),

    approve: (versionId: bigint, editor: RuleEditor, note?: string) =>
      transaction(async (repos) => {
        requireReviewer(editor);
        const { version } = await loadVersion(repos, versionId);
        if (editor.userId !== null && version.authorId === editor.userId) {
          throw new AppError(
            'FORBIDDEN',
            'the author of a version cannot approve it; ask another pm or admin',
          );
        }
        const updated = await transition(repos, version, ['submitted'], {
          status: 'approved',
          reviewedById: editor.userId,
          reviewedAt: clock.now(),
          reviewNote: note ?? null,
        });
        await auditStatus(repos, editor, 'approve', updated, 'submitted', 'approved', note);
        return versionView(updated);
      }),

    reject: (versionId: bigint, editor: RuleEditor, note: string) =>
      transaction(async (repos) => {
        requireReviewer(editor);
        const { version } = await loadVersion(repos, versionId);
        if (editor.userId !== null && version.authorId === editor.userId) {
          throw new AppError('FORBIDDEN', 'the author of a version cannot review it');
        }
        const updated = await transition(repos, version, ['submitted'], {
          status: 'rejected',
          reviewedById: editor.userId,
          reviewedAt: clock.now(),
          reviewNote: note,
        });
        await auditStatus(repos, editor, 'reject', updated, 'submitted', 'rejected', note);
        return versionView(updated);
      }),

    ...createRulePublishing({ transaction, clock }),
  };
}

export type RulesService = ReturnType<typeof createRulesService>;
