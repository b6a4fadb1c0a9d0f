// 规则版本: every version of every rule as finance and auditors read it (who wrote, who
// approved, when it went live), keyset pages newest first.
import { readKeysetPage } from '../../lib/paging';
import type { RuleVersionRow, RuleVersionsRepo } from './versions.repo';
import type { RuleVersionFilter } from './versions.schema';

const iso = (d: Date | null) => d?.toISOString() ?? null;

const view = (r: RuleVersionRow) => ({
  id: String(r.id),
  ruleSetId: r.ruleSetId,
  kind: r.kind,
  scopeType: r.scopeType,
  scopeKey: r.scopeKey,
  name: r.name,
  versionNo: r.versionNo,
  status: r.status,
  note: r.note,
  /** Usernames; null for the system (the seed). */
  author: r.author,
  submittedAt: iso(r.submittedAt),
  reviewer: r.reviewer,
  reviewedAt: iso(r.reviewedAt),
  reviewNote: r.reviewNote,
  /** The latest publication of this version (full or gray), if any. */
  publishedAt: iso(r.publishedAt),
  publishedMode: r.publishedMode,
  createdAt: r.createdAt.toISOString(),
});

export type RuleVersionView = ReturnType<typeof view>;

export function createRuleVersionsList(deps: { repo: RuleVersionsRepo }) {
  return {
    async list(filter: RuleVersionFilter & { limit: number; cursor?: string | null }) {
      const { page, nextCursor } = await readKeysetPage(filter, (q) => deps.repo.list(q));
      return { items: page.map(view), nextCursor };
    },
  };
}

export type RuleVersionsList = ReturnType<typeof createRuleVersionsList>;
