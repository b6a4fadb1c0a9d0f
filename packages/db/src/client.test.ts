import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Tx } from './client';
import { loans } from './schema/index';
import { availableDrivers, openDriver } from './testing/drivers';
import { seedFixture, type Fixture } from './testing/fixtures';
import type { TestDatabase } from './testing/index';

// Repositories take a `Db`; a transaction must be usable wherever a database is.
const outstanding = async (db: Db, loanId: bigint) =>
  (await db.select({ p: loans.outstandingPrincipal }).from(loans).where(eq(loans.id, loanId)))[0]!
    .p;

describe.each(availableDrivers())('client on %s', (driver) => {
  let db: TestDatabase;
  let fx: Fixture;
  beforeAll(async () => {
    db = await openDriver(driver);
    fx = await seedFixture(db.db);
  });
  afterAll(async () => {
    await db.dispose();
  });

  it('reports its driver', () => {
    expect(db.driver).toBe(driver);
  });

  it('commits a transaction and passes the Tx where a Db is expected', async () => {
    await db.db.transaction(async (tx: Tx) => {
      await tx
        .update(loans)
        .set({ outstandingPrincipal: 9_000_000n })
        .where(eq(loans.id, fx.loanId));
      expect(await outstanding(tx, fx.loanId)).toBe(9_000_000n);
    });
    expect(await outstanding(db.db, fx.loanId)).toBe(9_000_000n);
  });

  it('rolls back with tx.rollback()', async () => {
    await db.db
      .transaction(async (tx) => {
        await tx.update(loans).set({ outstandingPrincipal: 1n }).where(eq(loans.id, fx.loanId));
        tx.rollback();
      })
      .catch(() => undefined);
    expect(await outstanding(db.db, fx.loanId)).toBe(9_000_000n);
  });

  it('answers relational queries from the schema relations', async () => {
    const loan = await db.db.query.loans.findFirst({
      where: eq(loans.id, fx.loanId),
      with: { funder: true, installments: true },
    });
    expect(loan?.funder.code).toBe('F-A');
    expect(loan?.installments.map((i) => i.principalDue)).toEqual([788_488n]);
  });

  it('sets updated_at on drizzle updates', async () => {
    const before = (await db.db.select().from(loans).where(eq(loans.id, fx.loanId)))[0]!.updatedAt;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await db.db.update(loans).set({ pausedReason: 'negotiating' }).where(eq(loans.id, fx.loanId));
    const after = (await db.db.select().from(loans).where(eq(loans.id, fx.loanId)))[0]!.updatedAt;
    expect(after.getTime()).toBeGreaterThan(before.getTime());
  });
});
