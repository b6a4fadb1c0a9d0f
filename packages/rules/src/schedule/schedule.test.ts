import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenToYuan, yuanToFen } from '../money';
import { buildSchedule } from './build';
import { DAY_COUNTS, REPAYMENT_METHODS } from '../vocabulary';
import { ScheduleInputError, type ScheduleInput } from './types';

const yuan = (xs: bigint[]) => xs.map(fenToYuan);
const base = (over: Partial<ScheduleInput>): ScheduleInput => ({
  principalFen: yuanToFen('100000.00'),
  annualRate: '0.12',
  termMonths: 12,
  method: 'equal_installment',
  startDate: '2026-01-15',
  dayCount: '30/360',
  ...over,
});

describe('equal_installment (等额本息)', () => {
  it('docs/domain.md: P=1,000,000, 4.9 %, 360 months → 5307.27; month 1 interest 4083.33, principal 1223.94', () => {
    const plan = buildSchedule(
      base({ principalFen: yuanToFen('1000000'), annualRate: '0.049', termMonths: 360 }),
    );
    expect(plan).toHaveLength(360);
    expect(fenToYuan(plan[0]!.totalFen)).toBe('5307.27');
    expect(fenToYuan(plan[0]!.interestFen)).toBe('4083.33');
    expect(fenToYuan(plan[0]!.principalFen)).toBe('1223.94');
    expect(plan.slice(0, 359).every((p) => p.totalFen === 530727n)).toBe(true);
    expect(plan.reduce((s, p) => s + p.principalFen, 0n)).toBe(100000000n);
  });

  it("Fineract's case: P=100, 12 %, 6 months → 17.25 ×5 then 17.28", () => {
    const plan = buildSchedule(base({ principalFen: 10000n, termMonths: 6 }));
    expect(yuan(plan.map((p) => p.totalFen))).toEqual([
      '17.25',
      '17.25',
      '17.25',
      '17.25',
      '17.25',
      '17.28',
    ]);
    expect(yuan(plan.map((p) => p.interestFen))).toEqual([
      '1.00',
      '0.84',
      '0.67',
      '0.51',
      '0.34',
      '0.17',
    ]);
    // "Total interest" here = the sum of the schedule's interest column.
    expect(fenToYuan(plan.reduce((s, p) => s + p.interestFen, 0n))).toBe('3.53');
  });

  it('docs/api.md: P=100,000, 12 %, 12 months from 2026-01-15 → 7884.88 + 1000.00, interest total 6618.53', () => {
    const plan = buildSchedule(base({ firstDueDate: '2026-02-15' }));
    expect(fenToYuan(plan[0]!.principalFen)).toBe('7884.88');
    expect(fenToYuan(plan[0]!.interestFen)).toBe('1000.00');
    expect(fenToYuan(plan.reduce((s, p) => s + p.interestFen, 0n))).toBe('6618.53');
    expect(plan.map((p) => p.dueDate).slice(0, 3)).toEqual([
      '2026-02-15',
      '2026-03-15',
      '2026-04-15',
    ]);
    expect(fenToYuan(plan[11]!.totalFen)).toBe('8884.85');
  });

  it('charges a longer first period more interest under 30/360 (firstDueDate shifts the anchor)', () => {
    const plan = buildSchedule(base({ firstDueDate: '2026-03-01' }));
    // 46 days of 30/360: 100000 × 0.12 × 46 / 360 = 1533.33
    expect(fenToYuan(plan[0]!.interestFen)).toBe('1533.33');
    expect(plan[1]!.dueDate).toBe('2026-04-01');
  });

  it.each([
    ['actual/365', '1019.18'],
    ['actual/360', '1033.33'],
  ] as const)('%s counts the actual 31 days of January: %s', (dayCount, interest) => {
    const plan = buildSchedule(base({ dayCount }));
    expect(fenToYuan(plan[0]!.interestFen)).toBe(interest);
    expect(plan[0]!.totalFen).toBe(888488n);
  });

  it('anchors due dates of a month-end start on the original day', () => {
    const plan = buildSchedule(base({ startDate: '2026-01-31', termMonths: 4 }));
    expect(plan.map((p) => p.dueDate)).toEqual([
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
    ]);
  });

  it('handles a zero rate as equal shares', () => {
    const plan = buildSchedule(base({ annualRate: '0', principalFen: 100n, termMonths: 3 }));
    expect(plan.map((p) => p.principalFen)).toEqual([33n, 33n, 34n]);
    expect(plan.every((p) => p.interestFen === 0n)).toBe(true);
  });
});

describe('equal_principal (等额本金)', () => {
  it('repays P/n each period, the last absorbing the remainder, interest on the falling balance', () => {
    const plan = buildSchedule(
      base({ method: 'equal_principal', principalFen: 1000000n, termMonths: 3 }),
    );
    expect(yuan(plan.map((p) => p.principalFen))).toEqual(['3333.33', '3333.33', '3333.34']);
    expect(yuan(plan.map((p) => p.interestFen))).toEqual(['100.00', '66.67', '33.33']);
  });

  it('bank calculators: ¥470,000 over 132 months → 3,560.61 a month (P/n half-up), the last 3,560.09', () => {
    const plan = buildSchedule(
      base({ method: 'equal_principal', principalFen: yuanToFen('470000'), termMonths: 132 }),
    );
    expect(plan).toHaveLength(132);
    expect(plan.slice(0, 131).every((p) => fenToYuan(p.principalFen) === '3560.61')).toBe(true);
    // The last period absorbs the remainder: here it is smaller than the others.
    expect(fenToYuan(plan[131]!.principalFen)).toBe('3560.09');
    expect(plan.reduce((s, p) => s + p.principalFen, 0n)).toBe(yuanToFen('470000'));
    // Interest is round(B·r) half-up on the opening balance: 470,000 × 1 % = 4,700.00, then
    // 466,439.39 × 1 % = 4,664.3939 → 4,664.39, and the last 3,560.09 × 1 % = 35.6009 → 35.60.
    expect(fenToYuan(plan[0]!.interestFen)).toBe('4700.00');
    expect(fenToYuan(plan[1]!.interestFen)).toBe('4664.39');
    expect(fenToYuan(plan[131]!.interestFen)).toBe('35.60');
  });

  it('rounds a share whose fraction is exactly one half up (¥1.01 over 2 → 0.51 + 0.50)', () => {
    const plan = buildSchedule(
      base({ method: 'equal_principal', principalFen: 101n, termMonths: 2, annualRate: '0' }),
    );
    expect(yuan(plan.map((p) => p.principalFen))).toEqual(['0.51', '0.50']);
  });

  it('never lets a rounded-up share overdraw the balance (¥0.10 over 16 months)', () => {
    const plan = buildSchedule(
      base({ method: 'equal_principal', principalFen: 10n, termMonths: 16 }),
    );
    expect(plan.reduce((s, p) => s + p.principalFen, 0n)).toBe(10n);
    expect(plan.every((p) => p.principalFen >= 0n)).toBe(true);
  });
});

describe('interest_first (先息后本)', () => {
  it('pays interest each period and the principal with the last', () => {
    const plan = buildSchedule(base({ method: 'interest_first', termMonths: 3 }));
    expect(yuan(plan.map((p) => p.principalFen))).toEqual(['0.00', '0.00', '100000.00']);
    expect(yuan(plan.map((p) => p.interestFen))).toEqual(['1000.00', '1000.00', '1000.00']);
  });

  it('uses actual days under actual/360', () => {
    const plan = buildSchedule(
      base({ method: 'interest_first', termMonths: 2, dayCount: 'actual/360' }),
    );
    // Jan 15 → Feb 15: 31 days; Feb 15 → Mar 15: 28 days.
    expect(yuan(plan.map((p) => p.interestFen))).toEqual(['1033.33', '933.33']);
  });
});

describe('bullet (一次性还本付息)', () => {
  it.each([
    ['actual/365', '6000.00', '2026-07-15', 181, '5950.68'],
    ['actual/360', '6000.00', '2026-07-15', 181, '6033.33'],
    ['30/360', '6000.00', '2026-07-15', 180, '6000.00'],
  ] as const)('%s: P + P·i·days/base', (dayCount, _unused, due, _days, interest) => {
    const plan = buildSchedule(base({ method: 'bullet', termMonths: 6, dayCount }));
    expect(plan).toHaveLength(1);
    expect(plan[0]!.dueDate).toBe(due);
    expect(fenToYuan(plan[0]!.principalFen)).toBe('100000.00');
    expect(fenToYuan(plan[0]!.interestFen)).toBe(interest);
  });
});

describe('lease_rent (租金)', () => {
  it('arrears with a residual value: constant rent, the last period adds the residual', () => {
    const plan = buildSchedule(
      base({
        method: 'lease_rent',
        residualValueFen: yuanToFen('10000'),
        paymentTiming: 'arrears',
      }),
    );
    // PMT = (100000 − 10000·0.8874492)·0.01 / (1 − 0.8874492) = 911.2551 / 0.1125508 = 8096.39
    expect(fenToYuan(plan[0]!.totalFen)).toBe('8096.39');
    expect(fenToYuan(plan[0]!.interestFen)).toBe('1000.00');
    expect(plan.slice(0, 11).every((p) => p.totalFen === plan[0]!.totalFen)).toBe(true);
    expect(plan[11]!.principalFen).toBeGreaterThan(yuanToFen('10000'));
    expect(plan.reduce((s, p) => s + p.principalFen, 0n)).toBe(10000000n);
  });

  it('advance: rent = arrears rent / (1+r), first rent due at the start without interest', () => {
    const plan = buildSchedule(
      base({ method: 'lease_rent', residualValueFen: 0n, paymentTiming: 'advance' }),
    );
    // 8884.88 / 1.01 = 8796.91
    expect(fenToYuan(plan[0]!.totalFen)).toBe('8796.91');
    expect(plan[0]!.dueDate).toBe('2026-01-15');
    expect(plan[0]!.interestFen).toBe(0n);
    expect(plan[1]!.dueDate).toBe('2026-02-15');
    expect(fenToYuan(plan[1]!.interestFen)).toBe('912.03');
  });
});

describe('input validation', () => {
  it.each([
    [{ principalFen: 0n }, 'principalFen'],
    [{ termMonths: 0 }, 'termMonths'],
    [{ termMonths: 2.5 }, 'termMonths'],
    [{ annualRate: '1' }, 'annualRate'],
    [{ annualRate: '-0.1' }, 'annualRate'],
    [{ startDate: '2026-02-30' }, 'startDate'],
    [{ firstDueDate: '2026-01-15' }, 'firstDueDate'],
    [{ method: 'lease_rent', residualValueFen: 10000000n }, 'residualValueFen'],
  ] as [Partial<ScheduleInput>, string][])('%o is refused naming %s', (over, field) => {
    expect(() => buildSchedule(base(over))).toThrow(ScheduleInputError);
    try {
      buildSchedule(base(over));
    } catch (error) {
      expect((error as ScheduleInputError).field).toBe(field);
    }
  });
});

describe('properties over random loans', () => {
  const loan = fc.record({
    principalFen: fc.bigInt({ min: 1n, max: 10n ** 10n }),
    annualRate: fc.integer({ min: 0, max: 3600 }).map((bp) => (bp / 10000).toFixed(4)),
    termMonths: fc.integer({ min: 1, max: 360 }),
    method: fc.constantFrom(...REPAYMENT_METHODS),
    dayCount: fc.constantFrom(...DAY_COUNTS),
    startDay: fc.integer({ min: 0, max: 3000 }),
    paymentTiming: fc.constantFrom('arrears' as const, 'advance' as const),
    residualShare: fc.integer({ min: 0, max: 30 }),
  });

  it('principal always sums to the loan amount, balances chain, nothing negative, dates increase', () => {
    fc.assert(
      fc.property(loan, (l) => {
        const start = new Date(Date.UTC(2020, 0, 1) + l.startDay * 86_400_000)
          .toISOString()
          .slice(0, 10);
        const plan = buildSchedule({
          principalFen: l.principalFen,
          annualRate: l.annualRate,
          termMonths: l.termMonths,
          method: l.method,
          dayCount: l.dayCount,
          startDate: start,
          paymentTiming: l.paymentTiming,
          residualValueFen:
            l.method === 'lease_rent' ? (l.principalFen * BigInt(l.residualShare)) / 100n : 0n,
        });
        expect(plan.reduce((s, p) => s + p.principalFen, 0n)).toBe(l.principalFen);
        expect(plan.at(-1)!.closingBalanceFen).toBe(0n);
        plan.forEach((p, i) => {
          expect(p.period).toBe(i + 1);
          expect(p.principalFen >= 0n && p.interestFen >= 0n).toBe(true);
          expect(p.closingBalanceFen).toBe(p.openingBalanceFen - p.principalFen);
          expect(p.totalFen).toBe(p.principalFen + p.interestFen);
          if (i > 0) expect(p.dueDate > plan[i - 1]!.dueDate).toBe(true);
        });
      }),
      { numRuns: 400 },
    );
    // 400 random plans of up to 600 periods: a correctness property, not a speed target (a
    // slow shared machine took over the 5 s default).
  }, 60_000);
});
