import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation, pgError } from '../errors';
import { availableDrivers, openDriver } from '../testing/drivers';
import type { TestDatabase } from '../testing/index';
import { users } from './auth';
import { rulePublications, ruleSets, ruleVersions } from './rules';

describe.each(availableDrivers())('rule tables on %s', (driver) => {
  let db: TestDatabase;
  let setId: bigint;
  let authorId: bigint;
  let otherId: bigint;
  beforeAll(async () => {
    db = await openDriver(driver);
    const [a, b] = await db.db
      .insert(users)
      .values([
        { username: 'author', displayName: 'A', passwordHash: 'x', role: 'pm' },
        { username: 'reviewer', displayName: 'R', passwordHash: 'x', role: 'admin' },
      ])
      .returning({ id: users.id });
    authorId = a!.id;
    otherId = b!.id;
    const [set] = await db.db
      .insert(ruleSets)
      .values({ kind: 'fee', scopeType: 'funder', scopeKey: 'F-1', name: 'fees' })
      .returning({ id: ruleSets.id });
    setId = set!.id;
  });
  afterAll(async () => {
    await db.dispose();
  });
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: unknown) => e,
    );

  it('refuses an author reviewing their own version', async () => {
    const error = await failure(
      db.db
        .insert(ruleVersions)
        .values({ ruleSetId: setId, versionNo: 1, body: {}, authorId, reviewedById: authorId }),
    );
    expect(pgError(error)?.constraint).toBe('rule_versions_reviewer_not_author_check');
  });

  it('numbers versions uniquely per rule set', async () => {
    await db.db
      .insert(ruleVersions)
      .values({ ruleSetId: setId, versionNo: 1, body: {}, authorId, reviewedById: otherId });
    const error = await failure(
      db.db.insert(ruleVersions).values({ ruleSetId: setId, versionNo: 1, body: {}, authorId }),
    );
    expect(isUniqueViolation(error, 'rule_versions_set_no_key')).toBe(true);
  });

  it('lets only one of two publishers with the same view of the rule set win, and keeps one live gray', async () => {
    const [v] = await db.db
      .insert(ruleVersions)
      .values({ ruleSetId: setId, versionNo: 2, body: {}, authorId })
      .returning({ id: ruleVersions.id });
    const publication = {
      ruleSetId: setId,
      versionId: v!.id,
      mode: 'full' as const,
      effectiveFrom: new Date(),
      setRevision: 1,
    };
    await db.db.insert(rulePublications).values(publication);
    const error = await failure(db.db.insert(rulePublications).values(publication));
    expect(isUniqueViolation(error, 'rule_publications_set_revision_key')).toBe(true);

    const gray = { ...publication, mode: 'gray' as const, grayTarget: { percent: 10 } };
    await db.db.insert(rulePublications).values({ ...gray, setRevision: 2 });
    const second = await failure(
      db.db.insert(rulePublications).values({ ...gray, setRevision: 3 }),
    );
    expect(isUniqueViolation(second, 'rule_publications_one_live_gray')).toBe(true);
  });

  it('keeps the global scope key and gray targets consistent', async () => {
    const global = await failure(
      db.db.insert(ruleSets).values({ kind: 'fee', scopeType: 'global', scopeKey: 'x', name: 'g' }),
    );
    expect(pgError(global)?.constraint).toBe('rule_sets_global_key_check');
  });
});
