// The steps every transition of a rule version shares: the version and its set locked, the
// guarded status change, the set's revision claimed, the body in force, and the audit row.
import diff from 'microdiff';
import type { RuleVersionStatus } from '@repay/rules';
import { AppError, notFound } from '../../lib/errors';
import type { Executor } from '../../lib/executor';
import type { AuditLog } from '../events';
import type { RuleEditor } from './rules.checks';
import type { PublicationRecord, RuleSetRecord, RulesRepo, RuleVersionRecord } from './rules.types';

export type Repos = { tx: Executor; rules: RulesRepo; audit: AuditLog };

export const conflict = (message: string, field?: string) =>
  new AppError('CONFLICT', message, { field });

const asObject = (body: unknown) =>
  body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
export const bodyDiff = (before: unknown, after: unknown) =>
  diff(asObject(before), asObject(after));

export const audit = (
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

/** The audit row of a status change, `action` named for what the editor did. */
export const auditStatus = (
  repos: Repos,
  editor: RuleEditor,
  action: string,
  version: { id: bigint },
  from: RuleVersionStatus,
  to: RuleVersionStatus,
  reason?: string,
) => audit(repos, editor, action, version, { status: { from, to } }, reason);

export async function loadVersion(repos: Repos, versionId: bigint) {
  const version = await repos.rules.findVersion(versionId);
  if (!version) throw notFound(`rule version ${versionId}`, 'versionId');
  const set = await repos.rules.lockSet(version.ruleSetId);
  if (!set) throw notFound(`rule set ${version.ruleSetId}`);
  return { version, set };
}

export async function transition(
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

/** Of a set's publications, the full one in force at `now` (the latest to take effect). */
export function latestFullInForce<P extends PublicationRecord>(publications: P[], now: Date) {
  return publications
    .filter((p) => p.mode === 'full' && p.effectiveFrom.getTime() <= now.getTime())
    .sort(
      (a, b) => b.effectiveFrom.getTime() - a.effectiveFrom.getTime() || Number(b.id - a.id),
    )[0];
}

/**
 * Why a gray release of an approved version cannot start now (publish refuses it the same
 * way), or null: a gray release is already live, or no full publication is in force to compare
 * with (none yet, or the first one takes effect later).
 */
export function grayBlocker(publications: PublicationRecord[], now: Date) {
  if (publications.some((p) => p.mode === 'gray' && p.endedAt === null))
    return { reason: 'gray_live' as const, effectiveFrom: null };
  if (latestFullInForce(publications, now)) return null;
  const upcoming = publications
    .filter((p) => p.mode === 'full')
    .sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime())[0];
  return upcoming
    ? { reason: 'full_not_yet_in_force' as const, effectiveFrom: upcoming.effectiveFrom }
    : { reason: 'no_full_publication' as const, effectiveFrom: null };
}

/** The set's full publication in force at `now` (the latest to take effect), if any. */
export async function fullPublicationInForce(repos: Repos, set: RuleSetRecord, now: Date) {
  return latestFullInForce(await repos.rules.listPublications(set.id), now);
}

/** The body in force now for the set (full publication), for diffs. */
export async function bodyInForce(repos: Repos, set: RuleSetRecord, now: Date): Promise<unknown> {
  const full = await fullPublicationInForce(repos, set, now);
  if (!full) return {};
  return (await repos.rules.findVersion(full.versionId))?.body ?? {};
}

export async function claimRevision(repos: Repos, set: RuleSetRecord, expected: number) {
  if (set.revision !== expected || !(await repos.rules.bumpRevision(set.id, expected))) {
    throw conflict(
      `rule set "${set.name}" changed meanwhile (revision ${set.revision}, you saw ${expected}); reload and try again`,
      'expectedRevision',
    );
  }
  return expected + 1;
}
