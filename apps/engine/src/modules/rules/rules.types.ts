// Records of the rules module, as the service sees them (no drizzle types leak out).
import type { PublicationMode, RuleKind, RuleScope, RuleVersionStatus } from '@repay/rules';

export interface RuleSetRecord {
  id: bigint;
  kind: RuleKind;
  scopeType: RuleScope;
  scopeKey: string;
  name: string;
  description: string | null;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface RuleVersionRecord {
  id: bigint;
  ruleSetId: bigint;
  versionNo: number;
  status: RuleVersionStatus;
  body: unknown;
  note: string | null;
  copiedFromId: bigint | null;
  authorId: bigint | null;
  submittedAt: Date | null;
  /** The author's note to the reviewers, given when submitting. */
  submitNote: string | null;
  reviewedById: bigint | null;
  reviewedAt: Date | null;
  reviewNote: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface RuleVersionListItem extends Omit<RuleVersionRecord, 'body'> {
  authorName: string | null;
  reviewerName: string | null;
}

export interface PublicationRecord {
  id: bigint;
  ruleSetId: bigint;
  versionId: bigint;
  mode: PublicationMode;
  grayTarget: Record<string, unknown> | null;
  effectiveFrom: Date;
  endedAt: Date | null;
  /** Who ended a gray release (promote or abandon). */
  endedById: bigint | null;
  setRevision: number;
  publishedById: bigint | null;
  reason: string | null;
  createdAt: Date;
}

/** A publication as the log shows it: who put it in force, and who ended it. */
export interface PublicationListItem extends PublicationRecord {
  publishedByName: string | null;
  endedByName: string | null;
}

/** A version waiting for review, with its set: a line of the reviewers' inbox. */
export interface ReviewInboxItem extends RuleVersionListItem {
  ruleSetName: string;
  kind: RuleKind;
  scopeType: RuleScope;
  scopeKey: string;
}
/** A publication joined with its set and version body: what resolution needs. */
export interface PublishedRule {
  ruleSetId: bigint;
  ruleSetName: string;
  scopeType: RuleScope;
  scopeKey: string;
  versionId: bigint;
  versionNo: number;
  body: unknown;
  mode: PublicationMode;
  grayTarget: Record<string, unknown> | null;
  effectiveFrom: Date;
  endedAt: Date | null;
  publicationId: bigint;
}

export interface NewVersion {
  ruleSetId: bigint;
  versionNo: number;
  status: RuleVersionStatus;
  body: unknown;
  note: string | null;
  authorId: bigint | null;
  copiedFromId?: bigint | null;
  reviewedById?: bigint | null;
  reviewedAt?: Date | null;
  submittedAt?: Date | null;
}

export interface NewPublication {
  ruleSetId: bigint;
  versionId: bigint;
  mode: PublicationMode;
  grayTarget: Record<string, unknown> | null;
  effectiveFrom: Date;
  setRevision: number;
  publishedById: bigint | null;
  reason: string | null;
}

export interface RulesRepo {
  insertSet(values: {
    kind: RuleKind;
    scopeType: RuleScope;
    scopeKey: string;
    name: string;
    description: string | null;
  }): Promise<RuleSetRecord | null>;
  findSet(id: bigint): Promise<RuleSetRecord | null>;
  /** Row-locks the set for the rest of the transaction. */
  lockSet(id: bigint): Promise<RuleSetRecord | null>;
  listSets(kind?: RuleKind): Promise<RuleSetRecord[]>;
  /** Bumps the revision only if it is still `expected`; false means someone else won. */
  bumpRevision(id: bigint, expected: number): Promise<boolean>;
  nextVersionNo(ruleSetId: bigint): Promise<number>;
  insertVersion(values: NewVersion): Promise<RuleVersionRecord>;
  findVersion(id: bigint): Promise<RuleVersionRecord | null>;
  /** Conditional update: only when the status is still one of `from`. */
  updateVersion(
    id: bigint,
    from: readonly RuleVersionStatus[],
    patch: Partial<
      Pick<
        RuleVersionRecord,
        | 'status'
        | 'body'
        | 'note'
        | 'submittedAt'
        | 'submitNote'
        | 'reviewedById'
        | 'reviewedAt'
        | 'reviewNote'
      >
    >,
  ): Promise<RuleVersionRecord | null>;
  listVersions(ruleSetId: bigint): Promise<RuleVersionListItem[]>;
  supersedePublished(ruleSetId: bigint, exceptVersionId: bigint): Promise<void>;
  insertPublication(values: NewPublication): Promise<PublicationRecord>;
  findLiveGray(ruleSetId: bigint): Promise<PublicationRecord | null>;
  endPublication(id: bigint, at: Date, byId: bigint | null): Promise<void>;
  listPublications(ruleSetId: bigint): Promise<PublicationListItem[]>;
  /** Versions waiting for review, oldest submission first; none written by `exceptAuthorId`. */
  listSubmitted(exceptAuthorId: bigint | null): Promise<ReviewInboxItem[]>;
  /** Every publication of a kind with its set and body, for in-memory resolution. */
  publishedOfKind(kind: RuleKind): Promise<PublishedRule[]>;
}
