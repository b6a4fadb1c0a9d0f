import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgError, PG_CHECK_VIOLATION, PG_RESTRICT_VIOLATION } from '../errors';
import { sqlFor } from '../sql';
import { availableDrivers, openDriver } from '../testing/drivers';
import { seedFixture, type Fixture } from '../testing/fixtures';
import type { TestDatabase } from '../testing/index';
import { ledgerEntries, ledgerJournals } from './ledger';

describe.each(availableDrivers())('ledger on %s', (driver) => {
  let db: TestDatabase;
  let fx: Fixture;
  let journalId: bigint;

  beforeAll(async () => {
    db = await openDriver(driver);
    fx = await seedFixture(db.db);
    journalId = await post('seed', [
      [fx.cashAccountId, 500n],
      [fx.receivableAccountId, -500n],
    ]);
  });
  afterAll(async () => {
    await db.dispose();
  });

  /** One journal and its entries in one transaction (as the ledger module will). */
  async function post(key: string, lines: [bigint, bigint][]): Promise<bigint> {
    return db.db.transaction(async (tx) => {
      const [journal] = await tx
        .insert(ledgerJournals)
        .values({
          idempotencyKey: key,
          kind: 'allocation',
          effectiveDate: '2026-02-15',
          loanId: fx.loanId,
        })
        .returning({ id: ledgerJournals.id });
      if (lines.length > 0) {
        await tx.insert(ledgerEntries).values(
          lines.map(([accountId, amount]) => ({
            journalId: journal!.id,
            accountId,
            amount,
            loanId: fx.loanId,
          })),
        );
      }
      return journal!.id;
    });
  }

  it('commits a balanced journal', async () => {
    const rows = await db.db
      .select()
      .from(ledgerEntries)
      .where(eq(ledgerEntries.journalId, journalId));
    expect(rows.map((r) => r.amount).sort()).toEqual([-500n, 500n]);
  });

  it('rejects an unbalanced journal at the insert of its entries and keeps nothing of it', async () => {
    let insertedWithoutError = false;
    const error = await db.db
      .transaction(async (tx) => {
        const [journal] = await tx
          .insert(ledgerJournals)
          .values({ idempotencyKey: 'unbalanced', kind: 'allocation', effectiveDate: '2026-02-15' })
          .returning({ id: ledgerJournals.id });
        await tx.insert(ledgerEntries).values([
          { journalId: journal!.id, accountId: fx.cashAccountId, amount: 500n },
          { journalId: journal!.id, accountId: fx.receivableAccountId, amount: -499n },
        ]);
        insertedWithoutError = true;
      })
      .catch((e: unknown) => e);
    expect(insertedWithoutError).toBe(false);
    expect(pgError(error)).toMatchObject({
      code: PG_CHECK_VIOLATION,
      constraint: 'ledger_journal_balanced',
    });
    expect(pgError(error)?.message).toMatch(/2 entries summing to 1/);
    expect(
      await db.sql.query(`SELECT id FROM ledger_journals WHERE idempotency_key = 'unbalanced'`),
    ).toEqual([]);
  });

  it('rejects a journal without entries', async () => {
    const error = await post('empty', []).catch((e: unknown) => e);
    expect(pgError(error)?.message).toMatch(/unbalanced: 0 entries/);
  });

  it('rejects adding an entry to a committed journal that would unbalance it', async () => {
    const error = await db.db
      .insert(ledgerEntries)
      .values({ journalId, accountId: fx.cashAccountId, amount: 1n })
      .catch((e: unknown) => e);
    expect(pgError(error)?.constraint).toBe('ledger_journal_balanced');
  });

  it('checks every journal one statement touches: one unbalanced among balanced ones fails it', async () => {
    const error = await db.db
      .transaction(async (tx) => {
        const sql = sqlFor(tx);
        const journals = await sql.query<{ id: bigint }>(
          `INSERT INTO ledger_journals (idempotency_key, kind, effective_date)
           SELECT k, 'fee_accrual', '2026-02-16' FROM unnest($1::text[]) AS k RETURNING id`,
          [['batch-1', 'batch-2', 'batch-3']],
        );
        const [a, b, c] = journals.map((j) => j.id);
        await sql.query(
          `INSERT INTO ledger_entries (journal_id, account_id, amount)
           SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[])`,
          [
            [a, a, b, b, c, c],
            Array.from({ length: 3 }, () => [fx.cashAccountId, fx.receivableAccountId]).flat(),
            [10n, -10n, 7n, -6n, 3n, -3n],
          ],
        );
      })
      .catch((e: unknown) => e);
    expect(pgError(error)?.constraint).toBe('ledger_journal_balanced');
    expect(pgError(error)?.message).toMatch(/2 entries summing to 1/);
    expect(
      await db.sql.query(`SELECT id FROM ledger_journals WHERE idempotency_key LIKE 'batch-%'`),
    ).toEqual([]);
  });

  it("refuses a journal's entries split over two statements at the first (one statement per journal)", async () => {
    const error = await db.db
      .transaction(async (tx) => {
        const sql = sqlFor(tx);
        const [journal] = await sql.query<{ id: bigint }>(
          `INSERT INTO ledger_journals (idempotency_key, kind, effective_date) VALUES ('split', 'fee_accrual', '2026-02-16') RETURNING id`,
        );
        await sql.query(
          `INSERT INTO ledger_entries (journal_id, account_id, amount) VALUES ($1, $2, 10)`,
          [journal!.id, fx.cashAccountId],
        );
        await sql.query(
          `INSERT INTO ledger_entries (journal_id, account_id, amount) VALUES ($1, $2, -10)`,
          [journal!.id, fx.receivableAccountId],
        );
      })
      .catch((e: unknown) => e);
    expect(pgError(error)?.message).toMatch(/unbalanced: 1 entries summing to 10/);
  });

  it.each([
    ['UPDATE ledger_entries SET amount = amount'],
    ['DELETE FROM ledger_entries'],
    ['UPDATE ledger_journals SET memo = $$edited$$'],
    ['DELETE FROM ledger_journals'],
    ['TRUNCATE ledger_entries'],
    ['TRUNCATE ledger_journals CASCADE'],
    // Even a statement that matches no row fails: mistakes surface in development.
    ['DELETE FROM ledger_entries WHERE false'],
  ])('is append-only: %s raises', async (statement) => {
    const error = await db.sql.query(statement).catch((e: unknown) => e);
    expect(pgError(error)).toMatchObject({ code: PG_RESTRICT_VIOLATION });
    expect(pgError(error)?.message).toMatch(/append-only/);
  });

  it('drizzle updates and deletes are rejected as well', async () => {
    const update = await db.db
      .update(ledgerJournals)
      .set({ memo: 'x' })
      .where(eq(ledgerJournals.id, journalId))
      .catch((e: unknown) => e);
    expect(pgError(update)?.code).toBe(PG_RESTRICT_VIOLATION);
    const remove = await db.db
      .delete(ledgerEntries)
      .where(eq(ledgerEntries.journalId, journalId))
      .catch((e: unknown) => e);
    expect(pgError(remove)?.code).toBe(PG_RESTRICT_VIOLATION);
    expect(
      await db.db.select().from(ledgerEntries).where(eq(ledgerEntries.journalId, journalId)),
    ).toHaveLength(2);
  });
});
