import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation, pgError, PG_CHECK_VIOLATION } from '../errors';
import { availableDrivers, openDriver } from '../testing/drivers';
import { seedFixture, type Fixture } from '../testing/fixtures';
import type { TestDatabase } from '../testing/index';
import { outboxEvents } from './events';
import { installments, loans, planVersions } from './loans';

describe.each(availableDrivers())('constraints on %s', (driver) => {
  let db: TestDatabase;
  let fx: Fixture;
  beforeAll(async () => {
    db = await openDriver(driver);
    fx = await seedFixture(db.db);
  });
  afterAll(async () => {
    await db.dispose();
  });

  const failure = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: unknown) => e,
    );

  it('order_no is unique', async () => {
    const [loan] = await db.db.select().from(loans).where(eq(loans.id, fx.loanId));
    const { id: _id, createdAt: _c, updatedAt: _u, ...copy } = loan!;
    const error = await failure(db.db.insert(loans).values(copy));
    expect(isUniqueViolation(error, 'loans_order_no_unique')).toBe(true);
  });

  it('a journal idempotency key is unique', async () => {
    // A journal is posted with its entries in one statement (its triggers check it whole).
    const post = () =>
      db.sql.query(
        `WITH j AS (
           INSERT INTO ledger_journals (idempotency_key, kind, effective_date)
           VALUES ('debit:1:allocation', 'allocation', '2026-02-15') RETURNING id),
         e AS (
           INSERT INTO ledger_entries (journal_id, account_id, amount)
           SELECT j.id, x.account_id, x.amount FROM j, unnest($1::bigint[], $2::bigint[]) AS x(account_id, amount))
         SELECT id FROM j`,
        [
          [fx.cashAccountId, fx.receivableAccountId],
          [5n, -5n],
        ],
      );
    await post();
    const error = await failure(post());
    expect(isUniqueViolation(error, 'ledger_journals_idempotency_key_unique')).toBe(true);
  });

  it('an outbox event id is unique', async () => {
    const event = {
      eventId: 'debit.succeeded:1',
      topic: 'debits',
      aggregateType: 'debit',
      aggregateId: '1',
      payload: { a: 1 },
    };
    await db.db.insert(outboxEvents).values(event);
    const error = await failure(db.db.insert(outboxEvents).values(event));
    expect(isUniqueViolation(error, 'outbox_events_event_id_unique')).toBe(true);
  });

  it('a plan version number is unique per loan, and one live installment per period', async () => {
    const error = await failure(
      db.db
        .insert(planVersions)
        .values({ loanId: fx.loanId, version: 1, reason: 'x', periodCount: 1, createdBy: 't' }),
    );
    expect(isUniqueViolation(error, 'plan_versions_loan_version_unique')).toBe(true);
    const [v2] = await db.db
      .insert(planVersions)
      .values({
        loanId: fx.loanId,
        version: 2,
        reason: 'reschedule',
        periodCount: 1,
        createdBy: 't',
      })
      .returning({ id: planVersions.id });
    const live = { loanId: fx.loanId, planVersionId: v2!.id, period: 1, dueDate: '2026-03-15' };
    const duplicateLive = await failure(db.db.insert(installments).values(live));
    expect(isUniqueViolation(duplicateLive, 'installments_live_period_unique')).toBe(true);
    // Superseded rows stay; the new version's row goes in once the old one is no longer current.
    await db.db.transaction(async (tx) => {
      await tx
        .update(installments)
        .set({ isCurrent: false })
        .where(eq(installments.planVersionId, fx.planVersionId));
      await tx.insert(installments).values(live);
    });
  });

  it.each([
    [
      'funders',
      `INSERT INTO funders (code, name, type) VALUES ('X1', 'x', 'pawnshop')`,
      'funders_type_check',
    ],
    ['loans', `UPDATE loans SET status = 'frozen'`, 'loans_status_check'],
    ['installments', `UPDATE installments SET status = 'late'`, 'installments_status_check'],
    [
      'users',
      `INSERT INTO users (username, display_name, password_hash, role) VALUES ('u', 'u', 'h', 'root')`,
      'users_role_check',
    ],
    [
      'audit_log',
      `INSERT INTO audit_log (actor_type, actor_id, action, entity_type, entity_id) VALUES ('robot', '1', 'a', 'loan', '1')`,
      'audit_log_actor_type_check',
    ],
  ])('%s rejects an unknown enumeration value', async (_table, statement, constraint) => {
    const error = await failure(db.sql.query(statement));
    expect(pgError(error)).toMatchObject({ code: PG_CHECK_VIOLATION, constraint });
  });

  it.each([
    ['paid > due', `principal_paid = principal_due + 1`, 'installments_principal_paid_check'],
    ['negative paid', `interest_paid = -1`, 'installments_interest_paid_check'],
    ['fee paid without a fee due', `fee_paid = 1`, 'installments_fee_paid_check'],
  ])('installments reject %s', async (_name, assignment, constraint) => {
    const error = await failure(
      db.sql.query(`UPDATE installments SET ${assignment} WHERE id = $1`, [fx.installmentId]),
    );
    expect(pgError(error)).toMatchObject({ code: PG_CHECK_VIOLATION, constraint });
  });

  it('installments accept paid = due (fully paid)', async () => {
    await db.sql.query(
      `UPDATE installments SET principal_paid = principal_due, interest_paid = interest_due, status = 'paid', paid_at = now(), updated_at = now() WHERE id = $1`,
      [fx.installmentId],
    );
    const [row] = await db.db
      .select()
      .from(installments)
      .where(eq(installments.id, fx.installmentId));
    expect(row).toMatchObject({ principalPaid: 788_488n, interestPaid: 100_000n, status: 'paid' });
  });

  it('loans reject a non-positive principal', async () => {
    const error = await failure(
      db.sql.query(`UPDATE loans SET principal = 0 WHERE id = $1`, [fx.loanId]),
    );
    expect(pgError(error)?.constraint).toBe('loans_principal_check');
  });
});
