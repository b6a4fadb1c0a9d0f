// The daily overdue accrual end to end on the demo rules: F-TRUST-01's penalty interest
// (overdue principal × contract rate × 1.5 / 360, grace 3 days, from the due date, rounded
// on the total) and compound interest (the same on overdue interest), to the fen; runs once
// per date; catches missed days up; keeps the delinquency buckets and their history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketOf, Dec } from '@repay/rules';
import { startHarness, type Harness } from '../../testing/harness';
import { BUCKET_SQL } from './overdue.repo';

let h: Harness;
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);

beforeAll(async () => {
  h = await startHarness();
  await h.createLoan({ orderNo: 'OD-1' });
});
afterAll(() => h.close());

async function installment(period: number) {
  const [row] = await q<{
    principal_due: bigint;
    interest_due: bigint;
    penalty_due: bigint;
    fee_due: bigint;
    status: string;
    overdue_days: number;
  }>(
    `select i.principal_due, i.interest_due, i.penalty_due, i.fee_due, i.status, i.overdue_days
       from installments i join loans l on l.id = i.loan_id
      where l.order_no = 'OD-1' and i.is_current and i.period = $1`,
    [period],
  );
  return row!;
}

/** The rule's charge for `days` overdue days on `fen`: fen × 0.12 × 1.5 / 360 × days, half-up. */
const charged = (fen: bigint, days: number) => (fen * 5n * BigInt(days) + 5_000n) / 10_000n;

async function loan() {
  const [row] = await q<{ overdue_since: string | null; delinquency_bucket: string }>(
    `select overdue_since::text, delinquency_bucket from loans where order_no = 'OD-1'`,
  );
  return row!;
}

describe('the daily accrual', () => {
  it('accrues period 1 (28 days overdue on 2026-03-15) to the fen, and marks it overdue', async () => {
    const result = await h.app.services.overdueAccrual.accrueDate('2026-03-15', 'test');
    expect(result).toMatchObject({ created: true, installments: 1, bucketChanges: 1 });
    const p1 = await installment(1);
    const penalty = charged(p1.principal_due, 28);
    const compound = charged(p1.interest_due, 28);
    expect(p1).toMatchObject({ status: 'overdue', overdue_days: 28, fee_due: 0n });
    expect(p1.penalty_due).toBe(penalty + compound);
    expect(result.accruedFen).toBe(penalty + compound);
    const rows = await q<{ charge_id: string; amount: bigint; total: bigint; rule: string }>(
      `select charge_id, amount, total, (rule_version_id is not null)::text as rule
         from fee_accruals order by charge_id`,
    );
    expect(rows).toEqual([
      { charge_id: 'compound', amount: compound, total: compound, rule: 'true' },
      { charge_id: 'penalty', amount: penalty, total: penalty, rule: 'true' },
    ]);
    // Period 2 falls due today: not overdue yet.
    expect(await installment(2)).toMatchObject({ status: 'pending', penalty_due: 0n });
    expect(await loan()).toEqual({ overdue_since: '2026-02-15', delinquency_bucket: 'M1' });
  });

  it('runs once per date: again changes nothing', async () => {
    const before = await installment(1);
    const again = await h.app.services.overdueAccrual.accrueDate('2026-03-15', 'test');
    expect(again.created).toBe(false);
    expect(await installment(1)).toEqual(before);
    expect(await h.count('fee_accruals')).toBe(2);
  });

  it('adds one day on the next date; period 2 is overdue but in grace', async () => {
    const before = await installment(1);
    await h.app.services.overdueAccrual.accrueDate('2026-03-16', 'test');
    const p1 = await installment(1);
    const day29 =
      charged(p1.principal_due, 29) -
      charged(p1.principal_due, 28) +
      charged(p1.interest_due, 29) -
      charged(p1.interest_due, 28);
    expect(p1.penalty_due - before.penalty_due).toBe(day29);
    expect(await installment(2)).toMatchObject({
      status: 'overdue',
      overdue_days: 1,
      penalty_due: 0n,
    });
  });

  it('catches missed days up in order; grace over, period 2 accrues from its due date', async () => {
    h.clock.advance(4 * 24 * 3600_000); // 2026-03-19
    const days = await h.app.services.overdueAccrual.catchUp('test');
    expect(days.map((d) => d.businessDate)).toEqual(['2026-03-17', '2026-03-18', '2026-03-19']);
    const p1 = await installment(1);
    expect(p1.penalty_due).toBe(charged(p1.principal_due, 32) + charged(p1.interest_due, 32));
    const p2 = await installment(2);
    // Day 4 past due: grace (3 days) is over and the charge counts from the due date.
    expect(p2.overdue_days).toBe(4);
    expect(p2.penalty_due).toBe(charged(p2.principal_due, 4) + charged(p2.interest_due, 4));
    // One accrual row per charge, installment and day (period 2 only from day 4).
    expect(
      await h.count(`fee_accruals where installment_id in (select i.id from installments i
      join loans l on l.id = i.loan_id where l.order_no = 'OD-1' and i.period = 1)`),
    ).toBe(2 * 5);
  });

  it('keeps the buckets and their history: M0 → M1 on 03-15, M1 → M2 on 03-18 (31 days)', async () => {
    expect(await loan()).toEqual({ overdue_since: '2026-02-15', delinquency_bucket: 'M2' });
    const changes = await q<{ date: string; from_bucket: string; to_bucket: string }>(
      `select business_date::text as date, from_bucket, to_bucket from loan_bucket_changes order by business_date`,
    );
    expect(changes).toEqual([
      { date: '2026-03-15', from_bucket: 'M0', to_bucket: 'M1' },
      { date: '2026-03-18', from_bucket: 'M1', to_bucket: 'M2' },
    ]);
    expect(await h.count(`outbox_events where topic = 'loan.delinquency_changed'`)).toBe(2);
  });

  it('two runs of a new date at once accrue it once', async () => {
    const before = await installment(1);
    await Promise.all([
      h.app.services.overdueAccrual.accrueDate('2026-03-20', 'a'),
      h.app.services.overdueAccrual.accrueDate('2026-03-20', 'b'),
    ]);
    const p1 = await installment(1);
    expect(p1.penalty_due - before.penalty_due).toBe(
      charged(p1.principal_due, 33) -
        charged(p1.principal_due, 32) +
        charged(p1.interest_due, 33) -
        charged(p1.interest_due, 32),
    );
  });

  it('a run that stopped half-way runs again without adding twice', async () => {
    // As if the process died after its batches committed but before the run completed.
    await q(`update accrual_runs set status = 'running' where business_date = '2026-03-20'`);
    const before = await installment(1);
    const rows = await h.count('fee_accruals');
    const again = await h.app.services.overdueAccrual.accrueDate('2026-03-20', 'test');
    expect(again).toMatchObject({ created: true, accruedFen: 0n });
    expect(await installment(1)).toEqual(before);
    expect(await h.count('fee_accruals')).toBe(rows);
    expect((await h.app.services.overdueAccrual.runOf('2026-03-20'))?.status).toBe('completed');
  });

  it("carries each charge's state on the installment: its latest accrual row", async () => {
    const [carried] = await q<{ state: Record<string, unknown>; through: string }>(
      `select i.accrual_state as state, i.accrued_through::text as through from installments i
         join loans l on l.id = i.loan_id where l.order_no = 'OD-1' and i.is_current and i.period = 1`,
    );
    const latest = await q<{ charge_id: string; day: number; total: string; exact: string }>(
      `select distinct on (f.charge_id) f.charge_id, f.overdue_days as day, f.total::text, f.exact_total::text as exact
         from fee_accruals f join installments i on i.id = f.installment_id join loans l on l.id = i.loan_id
        where l.order_no = 'OD-1' and i.period = 1
        order by f.charge_id, f.business_date desc, f.revision desc`,
    );
    expect(carried!.through).toBe('2026-03-20');
    expect(latest.map((r) => r.charge_id)).toEqual(['compound', 'penalty']);
    for (const r of latest) {
      const state = carried!.state[r.charge_id] as { day: number; total: string; exact: string };
      expect(state.day).toBe(r.day);
      expect(state.total).toBe(r.total);
      expect(new Dec(state.exact).eq(new Dec(r.exact))).toBe(true);
    }
  });

  it('refuses an earlier date once a later one is accrued (its days were caught up)', async () => {
    await expect(
      h.app.services.overdueAccrual.accrueDate('2026-03-10', 'test'),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE', field: 'date' });
    expect(await h.app.services.overdueAccrual.runOf('2026-03-10')).toBeNull();
    // A date already done answers as done, even when later ones exist.
    expect((await h.app.services.overdueAccrual.accrueDate('2026-03-16', 'test')).created).toBe(
      false,
    );
  });

  it('a partial payment lowers the base from the next day', async () => {
    const paid = await h.api('POST', '/api/v1/loans/OD-1/repayments', {
      reference: 'OD-PART-1',
      amount: '1000.00',
      paidAt: '2026-03-19T09:00:00+08:00',
      method: 'offline',
    });
    expect(paid.status).toBe(201);
    const [owed] = await q<{ interest: bigint; status: string }>(
      `select (i.interest_due - i.interest_paid)::bigint as interest, i.status
         from installments i join loans l on l.id = i.loan_id
        where l.order_no = 'OD-1' and i.is_current and i.period = 1`,
    );
    // The waterfall paid penalty first, then interest: less interest owed, still overdue.
    expect(owed!.status).toBe('overdue');
    expect(owed!.interest).toBeLessThan((await installment(1)).interest_due);
    const [previous] = await q<{ exact: string }>(
      `select exact_total::text as exact from fee_accruals a join installments i on i.id = a.installment_id
        where i.period = 1 and a.charge_id = 'compound' and a.business_date = '2026-03-20'
        order by a.revision desc limit 1`,
    );
    // Paid on 03-19, keyed in after 03-20 was accrued: 03-20 was recalculated (revision 1).
    await h.app.services.overdueAccrual.accrueDate('2026-03-21', 'test');
    const [next] = await q<{ total: bigint }>(
      `select total from fee_accruals a join installments i on i.id = a.installment_id
        where i.period = 1 and a.charge_id = 'compound' and a.business_date = '2026-03-21'`,
    );
    // Running exact total (yuan, 10 places) + one day on the interest still owed, rounded on
    // the total: in units of 1e-8 fen, a day is interest × 0.0005 = interest × 50,000.
    const [whole, frac] = previous!.exact.split('.') as [string, string];
    const exact = BigInt(whole + frac.padEnd(10, '0')) + owed!.interest * 50_000n;
    expect(next!.total).toBe((exact + 50_000_000n) / 100_000_000n);
  });
});

describe('buckets', () => {
  it('SQL and bucketOf agree at every boundary', async () => {
    const days = [0, 1, 30, 31, 60, 61, 90, 91, 400];
    const rows = await q<{ d: number; bucket: string }>(
      `select d, ${BUCKET_SQL('d')} as bucket from unnest($1::int[]) as d order by d`,
      [days],
    );
    expect(rows.map((r) => r.bucket)).toEqual(days.map(bucketOf));
    expect(rows.map((r) => r.bucket)).toEqual([
      'M0',
      'M1',
      'M1',
      'M2',
      'M2',
      'M3',
      'M3',
      'M3+',
      'M3+',
    ]);
  });
});
