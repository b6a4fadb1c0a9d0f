// Rule sets as the console reads them: the list with each set's state, one set with its versions
// and publications, a version, the diff of two versions, and a body checked without saving it.
import { validateRuleBody, type RuleKind, type RuleVersionStatus } from '@repay/rules';
import type { Clock } from '../../lib/clock';
import { notFound } from '../../lib/errors';
import { issuesOf, type RuleEditor } from './rules.checks';
import { canReview } from './rules.policy';
import { bodyDiff, grayBlocker } from './rules.steps';
import type { RulesRepo } from './rules.types';
import {
  publicationView,
  reviewInboxView,
  ruleSetView,
  versionListView,
  versionView,
} from './rules.view';

export function createRulesReader(repo: RulesRepo, clock: Clock) {
  return {
    /**
     * The versions waiting for this reviewer: submitted ones written by someone else (four
     * eyes), oldest first. Empty for a role that does not review.
     */
    async reviewInbox(editor: RuleEditor) {
      if (!canReview(editor.role)) return [];
      return (await repo.listSubmitted(editor.userId)).map(reviewInboxView);
    },

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
      const blocker = grayBlocker(publications, clock.now());
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
        /** Why an approved version cannot be released to a gray subset now; null: it can. */
        grayUnavailable: blocker && {
          reason: blocker.reason,
          effectiveFrom: blocker.effectiveFrom?.toISOString() ?? null,
        },
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
        : { ok: false as const, issues: issuesOf(result.issues) };
    },
  };
}
