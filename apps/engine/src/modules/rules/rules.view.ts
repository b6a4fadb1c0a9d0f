// Wire shapes of the rules module: ids as strings, times as ISO strings.
import type {
  PublicationListItem,
  ReviewInboxItem,
  RuleSetRecord,
  RuleVersionListItem,
  RuleVersionRecord,
} from './rules.types';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const ruleSetView = (s: RuleSetRecord) => ({
  id: String(s.id),
  kind: s.kind,
  scopeType: s.scopeType,
  scopeKey: s.scopeKey,
  name: s.name,
  description: s.description,
  revision: s.revision,
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
});

export const versionListView = (v: RuleVersionListItem) => ({
  id: String(v.id),
  versionNo: v.versionNo,
  status: v.status,
  note: v.note,
  copiedFromId: v.copiedFromId === null ? null : String(v.copiedFromId),
  authorId: v.authorId === null ? null : String(v.authorId),
  authorName: v.authorName,
  submittedAt: iso(v.submittedAt),
  submitNote: v.submitNote,
  reviewerName: v.reviewerName,
  reviewedAt: iso(v.reviewedAt),
  reviewNote: v.reviewNote,
  createdAt: v.createdAt.toISOString(),
  updatedAt: v.updatedAt.toISOString(),
});

export const versionView = (v: RuleVersionRecord) => ({
  id: String(v.id),
  ruleSetId: String(v.ruleSetId),
  versionNo: v.versionNo,
  status: v.status,
  body: v.body,
  note: v.note,
  authorId: v.authorId === null ? null : String(v.authorId),
  submittedAt: iso(v.submittedAt),
  submitNote: v.submitNote,
  reviewedById: v.reviewedById === null ? null : String(v.reviewedById),
  createdAt: v.createdAt.toISOString(),
  updatedAt: v.updatedAt.toISOString(),
});

export const publicationView = (p: PublicationListItem) => ({
  id: String(p.id),
  versionId: String(p.versionId),
  mode: p.mode,
  grayTarget: p.grayTarget,
  effectiveFrom: p.effectiveFrom.toISOString(),
  endedAt: iso(p.endedAt),
  setRevision: p.setRevision,
  reason: p.reason,
  /** Who put it in force (published, promoted or rolled back); null: the system (seed). */
  publishedByName: p.publishedByName,
  /** Who ended a gray release (promoted or abandoned it). */
  endedByName: p.endedByName,
  createdAt: p.createdAt.toISOString(),
});

export const reviewInboxView = (v: ReviewInboxItem) => ({
  ...versionListView(v),
  ruleSetId: String(v.ruleSetId),
  ruleSetName: v.ruleSetName,
  kind: v.kind,
  scopeType: v.scopeType,
  scopeKey: v.scopeKey,
});

export type RuleSetView = ReturnType<typeof ruleSetView>;
export type RuleVersionView = ReturnType<typeof versionView>;
