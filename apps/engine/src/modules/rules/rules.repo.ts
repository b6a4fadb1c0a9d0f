import { and, asc, desc, eq, inArray, isNull, max, ne, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { rulePublications, ruleSets, ruleVersions, users } from '@repay/db/schema';
import type { Executor } from '../../lib/executor';
import type { PublicationRecord, RulesRepo, RuleVersionRecord } from './rules.types';

const reviewer = alias(users, 'reviewer');
const publisher = alias(users, 'publisher');
const ender = alias(users, 'ender');
const versionListColumns = {
  id: ruleVersions.id,
  ruleSetId: ruleVersions.ruleSetId,
  versionNo: ruleVersions.versionNo,
  status: ruleVersions.status,
  note: ruleVersions.note,
  copiedFromId: ruleVersions.copiedFromId,
  authorId: ruleVersions.authorId,
  submittedAt: ruleVersions.submittedAt,
  submitNote: ruleVersions.submitNote,
  reviewedById: ruleVersions.reviewedById,
  reviewedAt: ruleVersions.reviewedAt,
  reviewNote: ruleVersions.reviewNote,
  createdAt: ruleVersions.createdAt,
  updatedAt: ruleVersions.updatedAt,
  authorName: users.displayName,
  reviewerName: reviewer.displayName,
};

export function createRulesRepo({ db }: Executor): RulesRepo {
  return {
    async insertSet(values) {
      const rows = await db.insert(ruleSets).values(values).onConflictDoNothing().returning();
      return rows[0] ?? null;
    },
    async findSet(id) {
      const rows = await db.select().from(ruleSets).where(eq(ruleSets.id, id)).limit(1);
      return rows[0] ?? null;
    },
    async lockSet(id) {
      const rows = await db.select().from(ruleSets).where(eq(ruleSets.id, id)).for('update');
      return rows[0] ?? null;
    },
    async listSets(kind) {
      const rows = await db
        .select()
        .from(ruleSets)
        .where(kind ? eq(ruleSets.kind, kind) : undefined)
        .orderBy(asc(ruleSets.kind), asc(ruleSets.scopeType), asc(ruleSets.scopeKey));
      return rows;
    },
    async bumpRevision(id, expected) {
      const rows = await db
        .update(ruleSets)
        .set({ revision: expected + 1 })
        .where(and(eq(ruleSets.id, id), eq(ruleSets.revision, expected)))
        .returning({ id: ruleSets.id });
      return rows.length === 1;
    },
    async nextVersionNo(ruleSetId) {
      const [row] = await db
        .select({ last: max(ruleVersions.versionNo) })
        .from(ruleVersions)
        .where(eq(ruleVersions.ruleSetId, ruleSetId));
      return (row?.last ?? 0) + 1;
    },
    async insertVersion(values) {
      const [row] = await db.insert(ruleVersions).values(values).returning();
      return row as RuleVersionRecord;
    },
    async findVersion(id) {
      const rows = await db.select().from(ruleVersions).where(eq(ruleVersions.id, id)).limit(1);
      return rows[0] ?? null;
    },
    async updateVersion(id, from, patch) {
      const rows = await db
        .update(ruleVersions)
        .set(patch)
        .where(and(eq(ruleVersions.id, id), inArray(ruleVersions.status, [...from])))
        .returning();
      return rows[0] ?? null;
    },
    async listVersions(ruleSetId) {
      return db
        .select(versionListColumns)
        .from(ruleVersions)
        .leftJoin(users, eq(users.id, ruleVersions.authorId))
        .leftJoin(reviewer, eq(reviewer.id, ruleVersions.reviewedById))
        .where(eq(ruleVersions.ruleSetId, ruleSetId))
        .orderBy(desc(ruleVersions.versionNo));
    },
    async supersedePublished(ruleSetId, exceptVersionId) {
      await db
        .update(ruleVersions)
        .set({ status: 'superseded' })
        .where(
          and(
            eq(ruleVersions.ruleSetId, ruleSetId),
            eq(ruleVersions.status, 'published'),
            ne(ruleVersions.id, exceptVersionId),
          ),
        );
    },
    async insertPublication(values) {
      const [row] = await db.insert(rulePublications).values(values).returning();
      return row as PublicationRecord;
    },
    async findLiveGray(ruleSetId) {
      const rows = await db
        .select()
        .from(rulePublications)
        .where(
          and(
            eq(rulePublications.ruleSetId, ruleSetId),
            eq(rulePublications.mode, 'gray'),
            isNull(rulePublications.endedAt),
          ),
        )
        .limit(1);
      return rows[0] ?? null;
    },
    async endPublication(id, at, byId) {
      await db
        .update(rulePublications)
        .set({ endedAt: at, endedById: byId })
        .where(eq(rulePublications.id, id));
    },
    async listPublications(ruleSetId) {
      const rows = await db
        .select({
          publication: rulePublications,
          publishedByName: publisher.displayName,
          endedByName: ender.displayName,
        })
        .from(rulePublications)
        .leftJoin(publisher, eq(publisher.id, rulePublications.publishedById))
        .leftJoin(ender, eq(ender.id, rulePublications.endedById))
        .where(eq(rulePublications.ruleSetId, ruleSetId))
        .orderBy(desc(rulePublications.id));
      return rows.map((r) => ({
        ...r.publication,
        publishedByName: r.publishedByName,
        endedByName: r.endedByName,
      }));
    },
    async listSubmitted(exceptAuthorId) {
      return db
        .select({
          ...versionListColumns,
          ruleSetName: ruleSets.name,
          kind: ruleSets.kind,
          scopeType: ruleSets.scopeType,
          scopeKey: ruleSets.scopeKey,
        })
        .from(ruleVersions)
        .innerJoin(ruleSets, eq(ruleSets.id, ruleVersions.ruleSetId))
        .leftJoin(users, eq(users.id, ruleVersions.authorId))
        .leftJoin(reviewer, eq(reviewer.id, ruleVersions.reviewedById))
        .where(
          and(
            eq(ruleVersions.status, 'submitted'),
            exceptAuthorId === null
              ? undefined
              : or(isNull(ruleVersions.authorId), ne(ruleVersions.authorId, exceptAuthorId)),
          ),
        )
        .orderBy(asc(ruleVersions.submittedAt), asc(ruleVersions.id));
    },
    async publishedOfKind(kind) {
      return db
        .select({
          ruleSetId: ruleSets.id,
          ruleSetName: ruleSets.name,
          scopeType: ruleSets.scopeType,
          scopeKey: ruleSets.scopeKey,
          versionId: ruleVersions.id,
          versionNo: ruleVersions.versionNo,
          body: ruleVersions.body,
          mode: rulePublications.mode,
          grayTarget: rulePublications.grayTarget,
          effectiveFrom: rulePublications.effectiveFrom,
          endedAt: rulePublications.endedAt,
          publicationId: rulePublications.id,
        })
        .from(rulePublications)
        .innerJoin(ruleSets, eq(ruleSets.id, rulePublications.ruleSetId))
        .innerJoin(ruleVersions, eq(ruleVersions.id, rulePublications.versionId))
        .where(eq(ruleSets.kind, kind))
        .orderBy(asc(rulePublications.effectiveFrom), asc(rulePublications.id));
    },
  };
}
