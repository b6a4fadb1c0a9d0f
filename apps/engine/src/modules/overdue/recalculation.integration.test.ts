// Backdated recalculation: an offline repayment keyed in after the accrual ran, paid on an
// earlier day, pays what was owed that day; the charges accrued after it are accrued again
// from the installment as paid, in rows of the next revision (never edited), to the fen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/harness';

let h: Harness;
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);
const yuan = (fen: bigint) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;
/** F-TRUST-01 (demo rules): fen × 0.12 × 1.5 / 360 per day = fen × 0.0005, rounded on the total. */
const charged = (fen: bigint, days: number) => (fen * 5n * BigInt(days) + 5_000n) / 10_000n;

async function period1(orderNo: string) {
  const [row] = await q<{
    id: bigint;
    principal: bigint;
    interest: bigint;
    penaltyDue: bigint;
    penaltyPaid: bigint;
    principalPaid: bigint;
    status: string;
  }>(
    `select i.id, i.principal_due as principal, i.interest_due as interest, i.penalty_due as "penaltyDue",
            i.penalty_paid as "penaltyPaid", i.principal_paid as "principalPaid", i.status
       from installments i join loans l on l.id = i.loan_id
      where l.order_no = $1 and i.is_current and i.period = 1`,
    [orderNo],
  );
  return row!;
}

const rowsOf = (installmentId: bigint) =>
  q<{ charge: string; date: string; revision: number; amount: bigint; total: bigint }>(
    `select charge_id as charge, business_date::text as date, revision, amount, total
       from fee_accruals where installment_id = $1 order by charge_id, business_date, revision`,
    [installmentId],
  );

beforeAll(async () => {
  h = await startHarness(); // 2026-03-15; period 1 fell due 2026-02-15
  for (const orderNo of ['BD-1', 'BD-2']) await h.createLoan({ orderNo });
  for (const date of ['2026-03-13', '2026-03-14', '2026-03-15'])
    await h.app.services.overdueAccrual.accrueDate(date, 'test');
});
afterAll(() => h.close());

describe('a repayment paid before the last accrued day', () => {
  it('paid in full on 03-13: the accruals of 03-14 and 03-15 are reversed, the installment closes', async () => {
    const p = await period1('BD-1');
    const penalty26 = charged(p.principal, 26);
    const compound26 = charged(p.interest, 26);
    // Before: accrued through 03-15 (28 days).
    expect(p.penaltyDue).toBe(charged(p.principal, 28) + charged(p.interest, 28));
    const owedOn13 = p.principal + p.interest + penalty26 + compound26;
    const res = await h.api('POST', '/api/v1/loans/BD-1/repayments', {
      amount: yuan(owedOn13),
      paidAt: '2026-03-13T09:00:00+08:00',
      reference: 'BD-1-LATE',
      method: 'offline',
    });
    expect(res.status).toBe(201);
    expect(res.body.allocations).toEqual([
      { period: 1, component: 'penalty', amount: yuan(penalty26 + compound26) },
      { period: 1, component: 'interest', amount: yuan(p.interest) },
      { period: 1, component: 'principal', amount: yuan(p.principal) },
    ]);
    const after = await period1('BD-1');
    expect(after).toMatchObject({
      status: 'paid',
      penaltyDue: penalty26 + compound26,
      penaltyPaid: penalty26 + compound26,
    });
    const rows = await rowsOf(p.id);
    const day = (charge: string, date: string, revision: number) =>
      rows.find((r) => r.charge === charge && r.date === date && r.revision === revision);
    for (const [charge, base] of [
      ['penalty', p.principal],
      ['compound', p.interest],
    ] as const) {
      for (const [date, days] of [
        ['2026-03-14', 27],
        ['2026-03-15', 28],
      ] as const) {
        const original = day(charge, date, 0)!;
        expect(original.total).toBe(charged(base, days));
        // Revision 1 takes that day's amount back and carries the 26-day total on.
        expect(day(charge, date, 1)).toMatchObject({
          amount: -original.amount,
          total: charged(base, 26),
        });
      }
    }
  });

  it('partly paid on 03-13: days 27 and 28 accrue again on the principal left, to the fen', async () => {
    const p = await period1('BD-2');
    const penalty26 = charged(p.principal, 26);
    const compound26 = charged(p.interest, 26);
    const principalPaid = 300_000n; // 3,000.00 of principal after the charges and interest
    const res = await h.api('POST', '/api/v1/loans/BD-2/repayments', {
      amount: yuan(penalty26 + compound26 + p.interest + principalPaid),
      paidAt: '2026-03-13T18:00:00+08:00',
      reference: 'BD-2-LATE',
      method: 'offline',
    });
    expect(res.status).toBe(201);
    const left = p.principal - principalPaid;
    // Rounded on the total: the exact yuan of 26 days on the whole principal and 2 on the rest.
    const penalty28 = (p.principal * 5n * 26n + left * 5n * 2n + 5_000n) / 10_000n;
    const after = await period1('BD-2');
    expect(after).toMatchObject({
      status: 'overdue',
      principalPaid,
      penaltyPaid: penalty26 + compound26,
      // Compound stops at 26 days: the overdue interest was paid on 03-13.
      penaltyDue: penalty28 + compound26,
    });
    const [net] = await q<{ net: bigint }>(
      `select sum(amount)::bigint as net from fee_accruals where installment_id = $1`,
      [p.id],
    );
    expect(net!.net).toBe(after.penaltyDue);
    // The next day's accrual continues from the recalculated state.
    h.clock.advance(24 * 3600_000);
    await h.app.services.overdueAccrual.accrueDate('2026-03-16', 'test');
    const next = await period1('BD-2');
    const penalty29 = (p.principal * 5n * 26n + left * 5n * 3n + 5_000n) / 10_000n;
    expect(next.penaltyDue).toBe(penalty29 + compound26);
  });
});
