// The business line's all-in ceiling at accrual time: whatever a published fee rule says (it may
// predate the ceiling, or the ceiling may have been lowered since), no daily charge accrues past
// contract rate + charge = ceiling a year.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/harness';

let h: Harness;
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);
const system = { type: 'system' as const, id: 'test' };

beforeAll(async () => {
  h = await startHarness();
  // 12 % consumer loan of F-TRUST-01: penalty and compound at 1.5× the contract rate, 30 %
  // all-in, within its own 36 % cap.
  await h.createLoan({ orderNo: 'OD-CEIL' });
  await h.app.services.reference.updateBusinessLine(
    { code: 'consumer', allInAnnualCeiling: '0.20', reason: '下调上限' },
    system,
  );
});
afterAll(() => h.close());

async function period1() {
  const [row] = await q<{ principal_due: bigint; interest_due: bigint; penalty_due: bigint }>(
    `select i.principal_due, i.interest_due, i.penalty_due from installments i
       join loans l on l.id = i.loan_id where l.order_no = 'OD-CEIL' and i.is_current and i.period = 1`,
  );
  return row!;
}

/** fen × (20 % − 12 %) × days / 360, half-up: the most the ceiling lets accrue. */
const atCeiling = (fen: bigint, days: number) => (fen * 8n * BigInt(days) * 2n + 36_000n) / 72_000n;

describe('accrual under a lowered ceiling', () => {
  it('caps penalty and compound at the line ceiling (20 %), not the rule (30 %)', async () => {
    await h.app.services.overdueAccrual.accrueDate('2026-03-15', 'test');
    const p1 = await period1();
    expect(p1.penalty_due).toBe(atCeiling(p1.principal_due, 28) + atCeiling(p1.interest_due, 28));
    const rows = await q<{ charge_id: string; capped_by: string | null }>(
      `select charge_id, capped_by from fee_accruals order by charge_id`,
    );
    expect(rows).toEqual([
      { charge_id: 'compound', capped_by: 'ceiling' },
      { charge_id: 'penalty', capped_by: 'ceiling' },
    ]);
  });

  it('day after day, never more than the ceiling allows', async () => {
    for (const [date, days] of [
      ['2026-03-16', 29],
      ['2026-03-17', 30],
      ['2026-03-20', 33],
    ] as const) {
      await h.app.services.overdueAccrual.accrueDate(date, 'test');
      const p1 = await period1();
      expect(p1.penalty_due).toBeLessThanOrEqual(
        atCeiling(p1.principal_due, days) + atCeiling(p1.interest_due, days),
      );
      expect(p1.penalty_due).toBeGreaterThanOrEqual(
        atCeiling(p1.principal_due, days) + atCeiling(p1.interest_due, days) - 2n,
      );
    }
  });
});
