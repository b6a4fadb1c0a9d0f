import { describe, expect, it } from 'vitest';
import { settlementQuote, type QuoteInstallment } from './quote';

const inst = (
  period: number,
  dueDate: string,
  principal: bigint,
  interest: bigint,
  extra: Partial<QuoteInstallment['outstanding']> = {},
): QuoteInstallment => ({
  id: String(period),
  period,
  dueDate,
  outstanding: { principal, interest, fee: 0n, penalty: 0n, ...extra },
});

const plan = [
  inst(1, '2026-02-15', 800_000n, 100_000n, { penalty: 1_234n }),
  inst(2, '2026-03-15', 810_000n, 90_000n),
  inst(3, '2026-04-15', 820_000n, 80_000n),
  inst(4, '2026-05-15', 830_000n, 70_000n),
];
const dueDates = plan.map((i) => i.dueDate);

describe('early settlement quote, to the fen', () => {
  it('overdue periods in full, the current period’s interest by days, later principal only', () => {
    const q = settlementQuote({
      date: '2026-03-25',
      startDate: '2026-01-15',
      installments: plan,
      dueDates,
      prepaymentFee: () => 0n,
    });
    // Period 3 runs 03-15 → 04-15 (31 days); 10 days elapsed: 80,000 × 10 / 31 = 25,806.45 → 25,806.
    expect(q.lines.map((l) => l.charge.interest)).toEqual([100_000n, 90_000n, 25_806n, 0n]);
    expect(q.lines.map((l) => l.forgivenInterest)).toEqual([0n, 0n, 54_194n, 70_000n]);
    expect(q.breakdown).toEqual({
      principal: 3_260_000n,
      interest: 215_806n,
      penalty: 1_234n,
      fee: 0n,
      prepaymentFee: 0n,
    });
    expect(q.amount).toBe(3_260_000n + 215_806n + 1_234n);
    expect(q.principalNotDue).toBe(1_650_000n);
  });

  it('half-up on the interest by days, and the prepayment fee on the principal not yet due', () => {
    const q = settlementQuote({
      date: '2026-04-01',
      startDate: '2026-01-15',
      installments: plan.slice(2),
      dueDates,
      prepaymentFee: (base) => (base * 2n) / 100n, // 2 %
    });
    // 03-15 → 04-01 is 17 of 31 days: 80,000 × 17 / 31 = 43,870.97 → 43,871.
    expect(q.lines[0]!.charge.interest).toBe(43_871n);
    expect(q.breakdown.prepaymentFee).toBe(33_000n);
    expect(q.amount).toBe(1_650_000n + 43_871n + 33_000n);
  });

  it('the first period counts from the start date; on a due date that period is due in full', () => {
    const first = settlementQuote({
      date: '2026-01-25',
      startDate: '2026-01-15',
      installments: plan,
      dueDates,
      prepaymentFee: () => 0n,
    });
    // 01-15 → 02-15 is 31 days; 10 elapsed: 100,000 × 10 / 31 = 32,258.06 → 32,258.
    expect(first.lines[0]!.charge.interest).toBe(32_258n);
    const onDue = settlementQuote({
      date: '2026-03-15',
      startDate: '2026-01-15',
      installments: plan.slice(1),
      dueDates,
      prepaymentFee: () => 0n,
    });
    expect(onDue.lines.map((l) => l.charge.interest)).toEqual([90_000n, 0n, 0n]);
  });
});
