// Rules as data: a rule set (kind + scope) has numbered versions that go through review,
// and publications that put a version in force from an instant, fully or to a gray subset.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { id, oneOf, ref, timestamptz, timestamps } from './columns';
import { RULE_KINDS, RULE_SCOPES, RULE_VERSION_STATUSES, PUBLICATION_MODES } from './enums';
import { users } from './auth';

export const ruleSets = pgTable(
  'rule_sets',
  {
    id: id(),
    kind: text('kind', { enum: RULE_KINDS }).notNull(),
    scopeType: text('scope_type', { enum: RULE_SCOPES }).notNull(),
    /** '*' for global; a business line, funder code or product code otherwise. */
    scopeKey: text('scope_key').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    /** Bumped by every publication change; publishers must name the revision they saw. */
    revision: integer('revision').notNull().default(0),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('rule_sets_kind_scope_key').on(t.kind, t.scopeType, t.scopeKey),
    oneOf('rule_sets_kind_check', t.kind, RULE_KINDS),
    oneOf('rule_sets_scope_type_check', t.scopeType, RULE_SCOPES),
    check('rule_sets_global_key_check', sql`(${t.scopeType} = 'global') = (${t.scopeKey} = '*')`),
  ],
);

export const ruleVersions = pgTable(
  'rule_versions',
  {
    id: id(),
    ruleSetId: ref('rule_set_id')
      .notNull()
      .references(() => ruleSets.id),
    versionNo: integer('version_no').notNull(),
    status: text('status', { enum: RULE_VERSION_STATUSES }).notNull().default('draft'),
    body: jsonb('body').$type<unknown>().notNull(),
    /** Why this version exists (shown in history and the audit log). */
    note: text('note'),
    /** A rollback copies an older version; this points at it. */
    copiedFromId: ref('copied_from_id'),
    /** null: written by the system (seed). */
    authorId: ref('author_id').references(() => users.id),
    submittedAt: timestamptz('submitted_at'),
    /** What the author told the reviewers when submitting (shown on the review screen). */
    submitNote: text('submit_note'),
    reviewedById: ref('reviewed_by_id').references(() => users.id),
    reviewedAt: timestamptz('reviewed_at'),
    reviewNote: text('review_note'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('rule_versions_set_no_key').on(t.ruleSetId, t.versionNo),
    // The reviewers' inbox: versions waiting for review, oldest first.
    index('rule_versions_submitted_idx')
      .on(t.submittedAt)
      .where(sql`${t.status} = 'submitted'`),
    oneOf('rule_versions_status_check', t.status, RULE_VERSION_STATUSES),
    // The four-eyes rule, also as a constraint: nobody approves their own version.
    check(
      'rule_versions_reviewer_not_author_check',
      sql`${t.reviewedById} IS NULL OR ${t.authorId} IS NULL OR ${t.reviewedById} <> ${t.authorId}`,
    ),
  ],
);

export const rulePublications = pgTable(
  'rule_publications',
  {
    id: id(),
    ruleSetId: ref('rule_set_id')
      .notNull()
      .references(() => ruleSets.id),
    versionId: ref('version_id')
      .notNull()
      .references(() => ruleVersions.id),
    mode: text('mode', { enum: PUBLICATION_MODES }).notNull(),
    /** Gray only: { funderCodes?, productCodes?, percent? }. */
    grayTarget: jsonb('gray_target').$type<Record<string, unknown>>(),
    effectiveFrom: timestamptz('effective_from').notNull(),
    /** A gray publication ends when promoted or abandoned. */
    endedAt: timestamptz('ended_at'),
    /** Who ended a gray release (promoted or abandoned it). */
    endedById: ref('ended_by_id').references(() => users.id),
    /** The rule set revision this publication created: two publishers with the same view collide here. */
    setRevision: integer('set_revision').notNull(),
    publishedById: ref('published_by_id').references(() => users.id),
    reason: text('reason'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('rule_publications_set_revision_key').on(t.ruleSetId, t.setRevision),
    // At most one live gray release per rule set.
    uniqueIndex('rule_publications_one_live_gray')
      .on(t.ruleSetId)
      .where(sql`${t.mode} = 'gray' AND ${t.endedAt} IS NULL`),
    index('rule_publications_set_effective_idx').on(t.ruleSetId, t.effectiveFrom),
    oneOf('rule_publications_mode_check', t.mode, PUBLICATION_MODES),
    check(
      'rule_publications_gray_target_check',
      sql`(${t.mode} = 'gray') = (${t.grayTarget} IS NOT NULL)`,
    ),
  ],
);

export type RuleSetRow = typeof ruleSets.$inferSelect;
export type RuleVersionRow = typeof ruleVersions.$inferSelect;
export type RulePublicationRow = typeof rulePublications.$inferSelect;
