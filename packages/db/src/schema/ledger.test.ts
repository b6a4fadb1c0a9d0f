import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgError, PG_CHECK_VIOLATION, PG_RESTRICT_VIOLATION } from '../errors';
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

  /** One journal and its entries in one statement, as the ledger repository posts them. */
  async function post(key: string, lines: [bigint, bigint][]): Promise<bigint> {
    const [journal] = await db.sql.query<{ id: bigint }>(
      `WITH j AS (
         INSERT INTO ledger_journals (idempotency_key, kind, effective_date, loan_id)
         VALUES ($1, 'allocation', '2026-02-15', $2) RETURNING id),
       e AS (
         INSERT INTO ledger_entries (journal_id, account_id, amount, loan_id)
         SELECT j.id, x.account_id, x.amount, $2 FROM j, unnest($3::bigint[], $4::bigint[]) AS x(account_id, amount))
       SELECT id FROM j`,
      [key, fx.loanId, lines.map(([a]) => a), lines.map(([, amount]) => amount)],
    );
    return journal!.id;
  }

  /** Journals (by key) and entries (by journal key) in one statement, as the repository posts them. */
  const postMany = (keys: string[], lines: [string, bigint, bigint][]) =>
    db.sql.query(
      `WITH j AS (
         INSERT INTO ledger_journals (idempotency_key, kind, effective_date)
         SELECT k, 'fee_accrual', '2026-02-16' FROM unnest($1::text[]) AS k RETURNING id, idempotency_key),
       e AS (
         INSERT INTO ledger_entries (journal_id, account_id, amount)
         SELECT j.id, x.account_id, x.amount FROM j
           JOIN unnest($2::text[], $3::bigint[], $4::bigint[]) AS x(key, account_id, amount)
             ON x.key = j.idempotency_key)
       SELECT id FROM j`,
      [keys, lines.map((l) => l[0]), lines.map((l) => l[1]), lines.map((l) => l[2])],
    );

  it('commits a balanced journal', async () => {
    const rows = await db.db
      .select()
      .from(ledgerEntries)
      .where(eq(ledgerEntries.journalId, journalId));
    expect(rows.map((r) => r.amount).sort()).toEqual([-500n, 500n]);
  });

  it('rejects an unbalanced journal at the insert of its entries and keeps nothing of it', async () => {
    const error = await post('unbalanced', [
      [fx.cashAccountId, 500n],
      [fx.receivableAccountId, -499n],
    ]).catch((e: unknown) => e);
    expect(pgError(error)).toMatchObject({
      code: PG_CHECK_VIOLATION,
      constraint: 'ledger_journal_balanced',
    });
    expect(pgError(error)?.message).toMatch(/2 entries summing to 1/);
    expect(
      await db.sql.query(`SELECT id FROM ledger_journals WHERE idempotency_key = 'unbalanced'`),
    ).toEqual([]);
  });

  it('rejects a journal without entries at the end of the statement that inserts it', async () => {
    const error = await post('empty', []).catch((e: unknown) => e);
    expect(pgError(error)).toMatchObject({
      code: PG_CHECK_VIOLATION,
      constraint: 'ledger_journal_balanced',
    });
    expect(pgError(error)?.message).toMatch(/unbalanced: 0 entries/);
    // Entries in a later statement of the same transaction are too late.
    const later = await db.db
      .transaction(async (tx) => {
        await tx
          .insert(ledgerJournals)
          .values({ idempotencyKey: 'later', kind: 'allocation', effectiveDate: '2026-02-15' });
      })
      .catch((e: unknown) => e);
    expect(pgError(later)?.message).toMatch(/unbalanced: 0 entries/);
    expect(
      await db.sql.query(
        `SELECT id FROM ledger_journals WHERE idempotency_key IN ('empty', 'later')`,
      ),
    ).toEqual([]);
  });

  it('a journal whose entries come in its own statement is posted; one of several without entries fails them all', async () => {
    const [cash, receivable] = [fx.cashAccountId, fx.receivableAccountId];
    const error = await postMany(
      ['many-1', 'many-2', 'many-3'],
      [
        ['many-1', cash, 10n],
        ['many-1', receivable, -10n],
        ['many-3', cash, 3n],
        ['many-3', receivable, -3n],
      ],
    ).catch((e: unknown) => e);
    expect(pgError(error)?.constraint).toBe('ledger_journal_balanced');
    expect(pgError(error)?.message).toMatch(/unbalanced: 0 entries/);
    expect(
      await db.sql.query(`SELECT id FROM ledger_journals WHERE idempotency_key LIKE 'many-%'`),
    ).toEqual([]);
    const posted = await post('whole', [
      [fx.cashAccountId, 7n],
      [fx.receivableAccountId, -7n],
    ]);
    expect(
      await db.sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ledger_entries WHERE journal_id = $1`,
        [posted],
      ),
    ).toEqual([{ n: 2 }]);
  });

  it('rejects adding an entry to a committed journal that would unbalance it', async () => {
    const error = await db.db
      .insert(ledgerEntries)
      .values({ journalId, accountId: fx.cashAccountId, amount: 1n })
      .catch((e: unknown) => e);
    expect(pgError(error)?.constraint).toBe('ledger_journal_balanced');
  });

  it('checks every journal one statement touches: one unbalanced among balanced ones fails it', async () => {
    const [cash, receivable] = [fx.cashAccountId, fx.receivableAccountId];
    const error = await postMany(
      ['batch-1', 'batch-2', 'batch-3'],
      [
        ['batch-1', cash, 10n],
        ['batch-1', receivable, -10n],
        ['batch-2', cash, 7n],
        ['batch-2', receivable, -6n],
        ['batch-3', cash, 3n],
        ['batch-3', receivable, -3n],
      ],
    ).catch((e: unknown) => e);
    expect(pgError(error)?.constraint).toBe('ledger_journal_balanced');
    expect(pgError(error)?.message).toMatch(/2 entries summing to 1/);
    expect(
      await db.sql.query(`SELECT id FROM ledger_journals WHERE idempotency_key LIKE 'batch-%'`),
    ).toEqual([]);
  });

  it('refuses a journal posted with one entry (its other entries cannot follow in a later statement)', async () => {
    const error = await postMany(['split'], [['split', fx.cashAccountId, 10n]]).catch(
      (e: unknown) => e,
    );
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
