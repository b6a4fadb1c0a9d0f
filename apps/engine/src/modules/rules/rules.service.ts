// The rule lifecycle: drafts, review by a second person, atomic publication (full or
// gray), promotion, abandonment and rollback. Every transition is audited with a diff.
import diff from 'microdiff';
import {
  BUSINESS_LINES,
  ceilingBreach,
  formatPath,
  parseRuleBody,
  validateRuleBody,
  type RuleKind,
  type RuleScope,
  type RuleVersionStatus,
} from '@repay/rules';
import { AppError, notFound } from '../../lib/errors';
import type { Clock } from '../../lib/clock';
import type { Executor } from '../../lib/executor';
import type { Transactor } from '../../lib/transaction';
import type { AuditLog } from '../events';
import type { Role } from '../auth';
import { findFunder, findProduct, listBusinessLines } from '../reference';
import { canAuthor, canReview } from './rules.policy';
import type {
  CreateRuleSetInput,
  GrayActionInput,
  PublishInput,
  RollbackInput,
  SaveDraftInput,
} from './rules.schema';
import type { RuleSetRecord, RulesRepo, RuleVersionRecord } from './rules.types';
import { publicationView, ruleSetView, versionListView, versionView } from './rules.view';

/** Who is acting: a console user, or the system (seeds) with no user id. */
export interface RuleEditor {
  userId: bigint | null;
  role: Role;
}
export const systemEditor: RuleEditor = { userId: null, role: 'admin' };

type Repos = { tx: Executor; rules: RulesRepo; audit: AuditLog };

function validBody(kind: RuleKind, body: unknown): unknown {
  const result = validateRuleBody(kind, body);
  if (result.ok) return body;
  const issues = result.issues.map((i) => ({
    field: formatPath(i.path) || '(rule)',
    message: i.message,
  }));
  const first = issues[0]!;
  throw new AppError('VALIDATION_FAILED', `${first.field}: ${first.message}`, {
    field: `body.${first.field}`,
    issues,
  });
}

const conflict = (message: string, field?: string) => new AppError('CONFLICT', message, { field });

export function createRulesService(deps: {
  repo: RulesRepo;
  transaction: Transactor<Repos>;
  clock: Clock;
}) {
  const { repo, transaction, clock } = deps;

  const audit = (
    repos: Repos,
    editor: RuleEditor,
    action: string,
    version: { id: bigint },
    changes: unknown,
    reason?: string,
  ) =>
    repos.audit.record({
      actorType: editor.userId === null ? 'system' : 'user',
      actorId: editor.userId === null ? 'seed' : String(editor.userId),
      action: `rule.${action}`,
      entityType: 'rule_version',
      entityId: String(version.id),
      reason,
      diff: changes,
    });

  async function checkScope(repos: Repos, scopeType: RuleScope, scopeKey: string): Promise<string> {
    const field = 'scopeKey';
    switch (scopeType) {
      case 'global':
        return '*';
      case 'business_line':
        if (!(BUSINESS_LINES as readonly string[]).includes(scopeKey)) {
          throw new AppError('VALIDATION_FAILED', `unknown business line ${scopeKey}`, { field });
        }
        return scopeKey;
      case 'funder':
        if (!(await findFunder(repos.tx, scopeKey)))
          throw new AppError('UNPROCESSABLE', `unknown funder ${scopeKey}`, { field });
        return scopeKey;
      case 'product':
        if (!(await findProduct(repos.tx, scopeKey)))
          throw new AppError('UNPROCESSABLE', `unknown product ${scopeKey}`, { field });
        return scopeKey;
    }
  }

  /**
   * A fee rule is held to the all-in ceiling of every business line its scope reaches (a
   * product's line; a funder's or the global scope: every line), strictest first: a rule that
   * could charge above it is refused, naming the case (see ceilingBreach).
   */
  async function checkCeilings(
    repos: Repos,
    kind: RuleKind,
    scopeType: RuleScope,
    scopeKey: string,
    body: unknown,
  ) {
    if (kind !== 'fee') return;
    const product = scopeType === 'product' ? await findProduct(repos.tx, scopeKey) : null;
    const reached = (line: string) =>
      scopeType === 'business_line'
        ? line === scopeKey
        : scopeType === 'product'
          ? line === product?.businessLine
          : true;
    const lines = (await listBusinessLines(repos.tx))
      .filter((l) => reached(l.code))
      .sort((a, b) => Number(a.allInAnnualCeiling) - Number(b.allInAnnualCeiling));
    const rule = parseRuleBody('fee', body);
    for (const line of lines) {
      const breach = ceilingBreach(rule, line.allInAnnualCeiling);
      if (!breach) continue;
      const field = `charges[${breach.chargeIndex}].formula`;
      const message = `${breach.message} (${line.code}); cap it with caps.annualRate at most ${line.allInAnnualCeiling} or lower the formula`;
      throw new AppError('VALIDATION_FAILED', `${field}: ${message}`, {
        field: `body.${field}`,
        issues: [{ field, message }],
      });
    }
  }

  function requireAuthor(editor: RuleEditor, kind: RuleKind) {
    if (!canAuthor(editor.role, kind)) {
      throw new AppError('FORBIDDEN', `role ${editor.role} may not edit ${kind} rules`);
    }
  }
  function requireReviewer(editor: RuleEditor) {
    if (!canReview(editor.role))
      throw new AppError('FORBIDDEN', `role ${editor.role} may not review or publish rules`);
  }

  async function loadVersion(repos: Repos, versionId: bigint) {
    const version = await repos.rules.findVersion(versionId);
    if (!version) throw notFound(`rule version ${versionId}`, 'versionId');
    const set = await repos.rules.lockSet(version.ruleSetId);
    if (!set) throw notFound(`rule set ${version.ruleSetId}`);
    return { version, set };
  }

  async function transition(
    repos: Repos,
    version: RuleVersionRecord,
    from: readonly RuleVersionStatus[],
    patch: Parameters<RulesRepo['updateVersion']>[2],
  ) {
    const updated = await repos.rules.updateVersion(version.id, from, patch);
    if (!updated) {
      throw conflict(
        `version ${version.versionNo} is ${version.status}; expected ${from.join(' or ')}`,
        'versionId',
      );
    }
    return updated;
  }

  /** The body in force now for the set (full publication), for diffs. */
  async function bodyInForce(repos: Repos, set: RuleSetRecord): Promise<unknown> {
    const now = clock.now().getTime();
    const full = (await repos.rules.listPublications(set.id))
      .filter((p) => p.mode === 'full' && p.effectiveFrom.getTime() <= now)
      .sort(
        (a, b) => b.effectiveFrom.getTime() - a.effectiveFrom.getTime() || Number(b.id - a.id),
      )[0];
    if (!full) return {};
    return (await repos.rules.findVersion(full.versionId))?.body ?? {};
  }

  async function claimRevision(repos: Repos, set: RuleSetRecord, expected: number) {
    if (set.revision !== expected || !(await repos.rules.bumpRevision(set.id, expected))) {
      throw conflict(
        `rule set "${set.name}" changed meanwhile (revision ${set.revision}, you saw ${expected}); reload and try again`,
        'expectedRevision',
      );
    }
    return expected + 1;
  }

  const asObject = (body: unknown) =>
    body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const bodyDiff = (before: unknown, after: unknown) => diff(asObject(before), asObject(after));

  return {
    async listSets(kind?: RuleKind) {
      const sets = await repo.listSets(kind);
      return Promise.all(
        sets.map(async (set) => {
          const versions = await repo.listVersions(set.id);
          const publications = await repo.listPublications(set.id);
          return {
            ...ruleSetView(set),
            latest: versions[0] ? versionListView(versions[0]) : null,
            published: versions.find((v) => v.status === 'published')?.versionNo ?? null,
            gray: versions.find((v) => v.status === 'gray')?.versionNo ?? null,
            pendingReview: versions.filter((v) => v.status === 'submitted').length,
            lastPublishedAt: publications[0]?.createdAt.toISOString() ?? null,
          };
        }),
      );
    },

    async getSet(ruleSetId: bigint) {
      const set = await repo.findSet(ruleSetId);
      if (!set) throw notFound(`rule set ${ruleSetId}`, 'ruleSetId');
      const versions = await repo.listVersions(set.id);
      const publications = await repo.listPublications(set.id);
      const liveGray = publications.find((p) => p.mode === 'gray' && p.endedAt === null) ?? null;
      const body = async (status: RuleVersionStatus) => {
        const v = versions.find((x) => x.status === status);
        return v ? versionView((await repo.findVersion(v.id))!) : null;
      };
      return {
        set: ruleSetView(set),
        versions: versions.map(versionListView),
        publications: publications.map(publicationView),
        published: await body('published'),
        gray: await body('gray'),
        grayTarget: liveGray?.grayTarget ?? null,
      };
    },

    async getVersion(versionId: bigint) {
      const version = await repo.findVersion(versionId);
      if (!version) throw notFound(`rule version ${versionId}`, 'versionId');
      return versionView(version);
    },

    /** Structured diff between two versions (or from empty). */
    async diffVersions(fromVersionId: bigint | undefined, toVersionId: bigint) {
      const to = await repo.findVersion(toVersionId);
      if (!to) throw notFound(`rule version ${toVersionId}`, 'toVersionId');
      const from = fromVersionId === undefined ? null : await repo.findVersion(fromVersionId);
      if (fromVersionId !== undefined && !from)
        throw notFound(`rule version ${fromVersionId}`, 'fromVersionId');
      return bodyDiff(from?.body ?? {}, to.body);
    },

    validate(kind: RuleKind, body: unknown) {
      const result = validateRuleBody(kind, body);
      return result.ok
        ? { ok: true as const, issues: [] }
        : {
            ok: false as const,
            issues: result.issues.map((i) => ({
              field: formatPath(i.path) || '(rule)',
              message: i.message,
            })),
          };
    },

    createSet: (input: CreateRuleSetInput, editor: RuleEditor) =>
      transaction(async (repos) => {
        requireAuthor(editor, input.kind);
        const scopeKey = await checkScope(repos, input.scopeType, input.scopeKey);
        const body = validBody(input.kind, input.body);
        await checkCeilings(repos, input.kind, input.scopeType, scopeKey, body);
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
        await checkCeilings(repos, set.kind, set.scopeType, set.scopeKey, body);
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
        const base = await bodyInForce(repos, set);
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

    submit: (versionId: bigint, editor: RuleEditor, note?: string) =>
      transaction(async (repos) => {
        const { version, set } = await loadVersion(repos, versionId);
        requireAuthor(editor, set.kind);
        validBody(set.kind, version.body);
        // Again at review: a ceiling may have been lowered since the draft was saved.
        await checkCeilings(repos, set.kind, set.scopeType, set.scopeKey, version.body);
        const updated = await transition(repos, version, ['draft'], {
          status: 'submitted',
          submittedAt: clock.now(),
        });
        await audit(
          repos,
          editor,
          'submit',
          updated,
          { status: { from: 'draft', to: 'submitted' } },
          note,
        );
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
        await audit(
          repos,
          editor,
          'approve',
          updated,
          { status: { from: 'submitted', to: 'approved' } },
          note,
        );
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
        await audit(
          repos,
          editor,
          'reject',
          updated,
          { status: { from: 'submitted', to: 'rejected' } },
          note,
        );
        return versionView(updated);
      }),

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
        if (input.gray && !(await bodyInForceExists(repos, set))) {
          throw conflict(
            'a gray release needs a fully published version to compare with; publish fully first',
            'gray',
          );
        }
        const revision = await claimRevision(repos, set, input.expectedRevision);
        const before = await bodyInForce(repos, set);
        const mode = input.gray ? 'gray' : 'full';
        const updated = await transition(repos, version, ['approved'], {
          status: mode === 'gray' ? 'gray' : 'published',
        });
        await putInForce(repos, set, version.id, {
          mode,
          grayTarget: input.gray ?? null,
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
          mode: 'full',
          grayTarget: null,
          effectiveFrom: now,
          revision,
          editor,
          reason: input.reason,
        });
        await audit(
          repos,
          editor,
          'promote',
          updated,
          { status: { from: 'gray', to: 'published' } },
          input.reason,
        );
        return { version: versionView(updated), revision };
      }),

    abandon: (input: GrayActionInput, editor: RuleEditor) =>
      transaction(async (repos) => {
        const { version, revision } = await endLiveGray(repos, input, editor);
        const updated = await transition(repos, version, ['gray'], { status: 'abandoned' });
        await audit(
          repos,
          editor,
          'abandon',
          updated,
          { status: { from: 'gray', to: 'abandoned' } },
          input.reason,
        );
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
        const before = await bodyInForce(repos, set);
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
          mode: 'full',
          grayTarget: null,
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

  /** A publication row (and, for a full one, the previous version superseded). */
  async function putInForce(
    repos: Repos,
    set: RuleSetRecord,
    versionId: bigint,
    p: {
      mode: 'full' | 'gray';
      grayTarget: Record<string, unknown> | null;
      effectiveFrom: Date;
      revision: number;
      editor: RuleEditor;
      reason: string;
    },
  ) {
    if (p.mode === 'full') await repos.rules.supersedePublished(set.id, versionId);
    await repos.rules.insertPublication({
      ruleSetId: set.id,
      versionId,
      mode: p.mode,
      grayTarget: p.grayTarget,
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
    await repos.rules.endPublication(gray.id, now);
    const version = (await repos.rules.findVersion(gray.versionId))!;
    return { set, version, revision, now };
  }

  async function bodyInForceExists(repos: Repos, set: RuleSetRecord) {
    const now = clock.now().getTime();
    return (await repos.rules.listPublications(set.id)).some(
      (p) => p.mode === 'full' && p.effectiveFrom.getTime() <= now,
    );
  }
}

export type RulesService = ReturnType<typeof createRulesService>;
