// The daily run carries each charge's state on the installment (accrual_state) instead of
// reading the history: day after day, with a skipped day caught up and a run that stopped
// half-way run again, every total must still be the closed form of F-TRUST-01's charges
// (fen × 0.12 × 1.5 / 360 × days, rounded on the total), for amounts that round differently.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '@repay/rules';
import { startHarness, type Harness } from '../../testing/harness';

let h: Harness;
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);
const charged = (fen: bigint, days: number) => (fen * 5n * BigInt(days) + 5_000n) / 10_000n;
const PRINCIPALS = ['100000.00', '3333.33', '77777.77'];

beforeAll(async () => {
  h = await startHarness({ clock: '2026-03-26T09:00:00+08:00' });
  for (const [i, principal] of PRINCIPALS.entries()) {
    await h.createLoan({
      orderNo: `CARRY-${i}`,
      principal,
      borrower: { name: '赵六', idNo: '110101199003071233', mobile: `1390013900${i}` },
    });
  }
  // 13 %: × 1.5 / 360 does not terminate, so the unrounded total has more than 10 places.
  await h.createLoan({
    orderNo: 'ODD-RATE',
    annualRate: '0.13',
    borrower: { name: '赵六', idNo: '110101199003071233', mobile: '13900139009' },
  });
});
afterAll(() => h.close());

describe('the carried state over many days', () => {
  it('matches the closed form on every row and every installment, through a gap and a rerun', async () => {
    const accrual = h.app.services.overdueAccrual;
    for (let d = '2026-03-10'; d <= '2026-03-25'; d = addDays(d, 1)) {
      if (d === '2026-03-17') continue; // missed: 03-18 catches it up
      await accrual.accrueDate(d, 'test');
      if (d === '2026-03-20') {
        // As if the process died after its batches committed: the date runs again.
        await q(`update accrual_runs set status = 'running' where business_date = $1`, [d]);
        expect(await accrual.accrueDate(d, 'test')).toMatchObject({ accruedFen: 0n });
      }
    }

    const rows = await q<{
      charge: string;
      days: number;
      total: bigint;
      principal: bigint;
      interest: bigint;
    }>(
      `select a.charge_id as charge, a.overdue_days as days, a.total,
              i.principal_due as principal, i.interest_due as interest
         from fee_accruals a join installments i on i.id = a.installment_id
         join loans l on l.id = i.loan_id where l.order_no like 'CARRY-%'`,
    );
    expect(rows.length).toBeGreaterThan(60);
    for (const r of rows)
      expect(r.total, `${r.charge} day ${r.days}`).toBe(
        charged(r.charge === 'penalty' ? r.principal : r.interest, r.days),
      );

    const installments = await q<{
      period: number;
      principal: bigint;
      interest: bigint;
      penalty: bigint;
      days: number;
      through: string;
    }>(
      `select i.period, i.principal_due as principal, i.interest_due as interest,
              i.penalty_due as penalty, i.overdue_days as days, i.accrued_through::text as through
         from installments i join loans l on l.id = i.loan_id
        where l.order_no like 'CARRY-%' and i.status = 'overdue' order by l.order_no, i.period`,
    );
    // Periods 1 (due 02-15, 38 days) and 2 (due 03-15, 10 days) of each loan.
    expect(installments.map((i) => [i.period, i.days])).toEqual(
      PRINCIPALS.flatMap(() => [
        [1, 38],
        [2, 10],
      ]),
    );
    for (const i of installments) {
      expect(i.through).toBe('2026-03-25');
      expect(i.penalty).toBe(charged(i.principal, i.days) + charged(i.interest, i.days));
    }
  });

  it('carries the unrounded total exactly as the rows store it (10 places)', async () => {
    const rows = await q<{
      state: Record<string, { exact: string }>;
      charge: string;
      exact: string;
    }>(
      `select distinct on (a.installment_id, a.charge_id) i.accrual_state as state, a.charge_id as charge,
              a.exact_total::text as exact
         from fee_accruals a join installments i on i.id = a.installment_id
         join loans l on l.id = i.loan_id where l.order_no = 'ODD-RATE'
        order by a.installment_id, a.charge_id, a.business_date desc, a.revision desc`,
    );
    expect(rows.length).toBe(4);
    expect(rows.some((r) => r.exact.replace(/0+$/, '').split('.')[1]!.length === 10)).toBe(true);
    // The carried text is the row's, digit for digit (both at 10 places).
    for (const r of rows) expect(r.state[r.charge]!.exact).toBe(r.exact);
  });
});
