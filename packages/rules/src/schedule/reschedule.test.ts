import { describe, expect, it } from 'vitest';
import { fenToYuan } from '../money';
import { buildSchedule } from './build';
import { movableTail, RescheduleError, reschedulePlan, type PlanRow } from './reschedule';

// Fineract's case (schedule.test.ts): P=100.00, 12 %, 6 months, 30/360 → 17.25 ×5, 17.28.
const terms = {
  termMonths: 6,
  annualRate: '0.12',
  method: 'equal_installment' as const,
  dayCount: '30/360' as const,
  startDate: '2026-01-15',
  paymentTiming: 'arrears' as const,
  residualValueFen: 0n,
};
const original = buildSchedule({ ...terms, principalFen: 10000n, termMonths: 6 });
const rowsWith = (touched: number[]): PlanRow[] =>
  original.map((s) => ({
    period: s.period,
    dueDate: s.dueDate,
    principalFen: s.principalFen,
    interestFen: s.interestFen,
    touched: touched.includes(s.period),
  }));
const yuan = (xs: bigint[]) => xs.map(fenToYuan);

describe('reschedule: re-amortise the untouched tail over a new term', () => {
  it('two periods paid, new term 8: 67.34 left over 6 months at 1 % → 11.62 ×5 and the rest', () => {
    const r = reschedulePlan({
      rows: rowsWith([1, 2]),
      terms,
      today: '2026-03-20',
      change: { newTermMonths: 8 },
    });
    expect(r.keptPeriods).toBe(2);
    expect(r.termMonths).toBe(8);
    expect(r.periodCount).toBe(8);
    expect(r.rows.map((x) => x.period)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(r.rows.map((x) => x.dueDate)).toEqual([
      '2026-04-15',
      '2026-05-15',
      '2026-06-15',
      '2026-07-15',
      '2026-08-15',
      '2026-09-15',
    ]);
    // 100 − 16.25 − 16.41 = 67.34; A = 67.34 × 0.01 × 1.01^6 / (1.01^6 − 1) = 11.619… → 11.62.
    expect(yuan(r.rows.slice(0, 5).map((x) => x.principalFen + x.interestFen))).toEqual(
      Array(5).fill('11.62'),
    );
    expect(fenToYuan(r.rows[0]!.interestFen)).toBe('0.67');
    expect(fenToYuan(r.rows[0]!.principalFen)).toBe('10.95');
    expect(r.rows.reduce((s, x) => s + x.principalFen, 0n)).toBe(6734n);
    expect(r.stubInterestFen).toBe(0n);
  });

  it('equal principal: the new shares are P/n half-up like a new plan (66.67 over 4 → 16.67 ×3, 16.66)', () => {
    const ep = { ...terms, method: 'equal_principal' as const, termMonths: 3 };
    const plan = buildSchedule({ ...ep, principalFen: 10000n });
    const r = reschedulePlan({
      rows: plan.map((s) => ({ ...s, touched: s.period === 1 })),
      terms: ep,
      today: '2026-02-20',
      change: { newTermMonths: 5 },
    });
    expect(yuan(r.rows.map((x) => x.principalFen))).toEqual(['16.67', '16.67', '16.67', '16.66']);
  });

  it('a period already due but unpaid stays (its arrears are not capitalised)', () => {
    const r = reschedulePlan({
      rows: rowsWith([1]),
      terms,
      today: '2026-03-20', // period 2 (03-15) is overdue and untouched
      change: { newTermMonths: 6 },
    });
    expect(r.keptPeriods).toBe(2);
    expect(r.rows[0]!.period).toBe(3);
  });

  it('a touched period later in the plan keeps everything before it', () => {
    expect(movableTail(rowsWith([1, 4]), '2026-02-01').map((r) => r.period)).toEqual([5, 6]);
  });

  it('a shorter term than the periods already due or paid is refused naming newTermMonths', () => {
    const attempt = (n: number) =>
      reschedulePlan({
        rows: rowsWith([1, 2]),
        terms,
        today: '2026-03-20',
        change: { newTermMonths: n },
      });
    for (const n of [1, 2]) {
      try {
        attempt(n);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(RescheduleError);
        expect((e as RescheduleError).field).toBe('newTermMonths');
      }
    }
    expect(attempt(3).rows).toHaveLength(1);
    expect(attempt(3).rows[0]!.principalFen).toBe(6734n);
  });

  it('nothing left to move is refused naming orderNo', () => {
    expect(() =>
      reschedulePlan({
        rows: rowsWith([1, 2, 3, 4, 5, 6]),
        terms,
        today: '2026-03-20',
        change: { shiftDays: 10 },
      }),
    ).toThrow(expect.objectContaining({ field: 'orderNo' }));
  });

  it('a bullet loan moves its one due date to start + the new term', () => {
    const bullet = { ...terms, method: 'bullet' as const, termMonths: 12 };
    const plan = buildSchedule({ ...bullet, principalFen: 1000000n });
    const r = reschedulePlan({
      rows: plan.map((s) => ({ ...s, touched: false })),
      terms: bullet,
      today: '2026-06-01',
      change: { newTermMonths: 18 },
    });
    expect(r.periodCount).toBe(1);
    expect(r.termMonths).toBe(18);
    expect(r.rows[0]!.dueDate).toBe('2027-07-15');
    // 10,000.00 × 12 % × 540/360 = 1,800.00
    expect(fenToYuan(r.rows[0]!.interestFen)).toBe('1800.00');
  });

  it('lease rent keeps the residual value in the last rent', () => {
    const lease = { ...terms, method: 'lease_rent' as const, residualValueFen: 100000n };
    const plan = buildSchedule({ ...lease, principalFen: 1000000n, termMonths: 12 });
    const rows = plan.map((s) => ({
      period: s.period,
      dueDate: s.dueDate,
      principalFen: s.principalFen,
      interestFen: s.interestFen,
      touched: s.period <= 3,
    }));
    const left = plan.slice(3).reduce((s, x) => s + x.principalFen, 0n);
    const r = reschedulePlan({
      rows,
      terms: lease,
      today: '2026-04-16',
      change: { newTermMonths: 18 },
    });
    expect(r.rows).toHaveLength(15);
    expect(r.rows.reduce((s, x) => s + x.principalFen, 0n)).toBe(left);
    const last = r.rows.at(-1)!;
    expect(last.principalFen).toBeGreaterThanOrEqual(100000n);
  });
});

describe('reschedule: move the tail by days', () => {
  it('30 days on 67.34 at 12 % 30/360 adds 0.67 stub interest to the first moved period', () => {
    const r = reschedulePlan({
      rows: rowsWith([1, 2]),
      terms,
      today: '2026-03-20',
      change: { shiftDays: 30 },
    });
    expect(r.termMonths).toBe(6);
    expect(r.periodCount).toBe(6);
    expect(r.rows.map((x) => x.dueDate)).toEqual([
      '2026-05-15',
      '2026-06-14',
      '2026-07-15',
      '2026-08-14',
    ]);
    expect(fenToYuan(r.stubInterestFen)).toBe('0.67');
    expect(r.rows[0]!.interestFen).toBe(original[2]!.interestFen + 67n);
    expect(r.rows.slice(1).map((x) => x.interestFen)).toEqual(
      original.slice(3).map((s) => s.interestFen),
    );
    expect(r.rows.map((x) => x.principalFen)).toEqual(original.slice(2).map((s) => s.principalFen));
  });

  it('actual/365: 10,000.00 for 10 days at 12 % → 32.88', () => {
    const big = buildSchedule({
      ...terms,
      dayCount: 'actual/365',
      method: 'interest_first',
      principalFen: 1000000n,
      termMonths: 3,
    });
    const r = reschedulePlan({
      rows: big.map((s) => ({ ...s, touched: false })),
      terms: { ...terms, dayCount: 'actual/365' },
      today: '2026-01-20',
      change: { shiftDays: 10 },
    });
    expect(fenToYuan(r.stubInterestFen)).toBe('32.88');
  });

  it('out-of-range days are refused naming shiftDays', () => {
    for (const d of [0, 366, 1.5])
      expect(() =>
        reschedulePlan({
          rows: rowsWith([]),
          terms,
          today: '2026-01-01',
          change: { shiftDays: d },
        }),
      ).toThrow(expect.objectContaining({ field: 'shiftDays' }));
  });
});
