import { describe, expect, it } from 'vitest';

import { examplePenaltyCharge } from '../examples';
import { parseRuleBody } from '../rule-kinds/index';
import type { FeeCharge } from '../rule-kinds/fee';
import { compileCharge, type FeeInputs } from './accrue';
import { feeFactsOf, feeInputsOf } from './inputs';

const inputs = (over: Partial<FeeInputs> = {}): FeeInputs => ({
  overduePrincipalFen: 1_000_000n,
  overdueInterestFen: 0n,
  outstandingPrincipalFen: 5_000_000n,
  contractRate: '0.12',
  installmentNo: 3,
  termCount: 12,
  remainingTerms: 9,
  ...over,
});

const charge = (over: Partial<FeeCharge>): FeeCharge =>
  parseRuleBody('fee', { charges: [examplePenaltyCharge(over)] }).charges[0]!;

describe("docs/domain.md's worked penalty examples", () => {
  it.each([
    ['10,000 overdue principal, 12 %, 1.5×, /360, 10 days', {}, inputs(), 10, 500_000n / 100n],
    ['the same on /365', { dayBase: 365 as const }, inputs(), 10, 4932n],
    [
      'compound on 100.00 overdue interest, same rate, 10 days',
      { id: 'compound', type: 'compound' as const, base: 'overdue_interest' as const },
      inputs({ overdueInterestFen: 10_000n }),
      10,
      50n,
    ],
  ])('%s', (_label, over, facts, days, fen) => {
    expect(compileCharge(charge(over)).accrue(facts, days).totalFen).toBe(fen);
  });
});

describe('fee charges, cent-exact', () => {
  it.each<[string, Partial<FeeCharge>, Partial<FeeInputs>, number, bigint, string | null]>([
    // F-TRUST-01: 1.5× contract /360 on overdue principal, 3 grace days, accrues from due date.
    ['trust: in grace (day 3) nothing', { graceDays: 3 }, {}, 3, 0n, null],
    ['trust: day 4 charges all 4 days', { graceDays: 3 }, {}, 4, 2000n, null],
    [
      'trust: after_grace charges day 4 only',
      { graceDays: 3, accrueFrom: 'after_grace' },
      {},
      4,
      500n,
      null,
    ],
    // F-BANK-02: 0.05 %/day on principal+interest, cap 24 % all-in.
    [
      'bank: 0.05 %/day on P+I, 10 days',
      { base: 'overdue_principal_interest', formula: 'base * 0.0005' },
      { overdueInterestFen: 100_00n },
      10,
      5050n,
      null,
    ],
    [
      'bank: 24 % all-in cap bites (12 % contract leaves 12 %)',
      {
        base: 'overdue_principal_interest',
        formula: 'base * 0.0005',
        caps: { annualRate: '0.24' },
      },
      { overdueInterestFen: 100_00n },
      10,
      3367n,
      'annualRate',
    ],
    // Rounding point matters: 333.33…/day.
    ['per_day rounding', { formula: 'base / 3 / 10000', rounding: 'per_day' }, {}, 3, 99n, null],
    ['on_total rounding', { formula: 'base / 3 / 10000', rounding: 'on_total' }, {}, 3, 100n, null],
    [
      'max per installment',
      { caps: { maxPerInstallment: '30.00' } },
      {},
      10,
      3000n,
      'maxPerInstallment',
    ],
    ['minimum charge', { caps: { min: '10.00' } }, {}, 1, 1000n, 'min'],
    [
      'tiers by overdue day',
      { formula: 'base * 0.0005', tiers: [{ fromDay: 31, formula: 'base * 0.001' }] },
      {},
      32,
      17000n,
      null,
    ],
    [
      'late fee once after grace',
      {
        id: 'late',
        type: 'late_fee',
        formula: 'min(base * 0.05, 200)',
        graceDays: 3,
        rounding: 'on_total',
      },
      {},
      5,
      20000n,
      null,
    ],
    [
      'late fee in grace',
      { id: 'late', type: 'late_fee', formula: '20', graceDays: 3 },
      {},
      3,
      0n,
      null,
    ],
  ])('%s', (_label, over, facts, days, fen, cappedBy) => {
    const result = compileCharge(charge(over)).accrue(inputs(facts), days);
    expect(result.totalFen).toBe(fen);
    expect(result.cappedBy).toBe(cappedBy);
  });

  it('prepayment fee: 2 % of remaining principal', () => {
    const fee = compileCharge(
      charge({
        id: 'prepay',
        type: 'prepayment_fee',
        base: 'remaining_principal',
        formula: 'base * 0.02',
      }),
    );
    expect(fee.onceFen(inputs(), 0)).toBe(100_000n);
  });
});

describe('the daily step (accrueDay)', () => {
  const walk = (c: FeeCharge, facts: FeeInputs, days: number) => {
    const compiled = compileCharge(c);
    let state = null as ReturnType<typeof compiled.accrueDay> | null;
    const deltas: bigint[] = [];
    for (let day = 1; day <= days; day++) {
      state = compiled.accrueDay(facts, day, state);
      deltas.push(state.deltaFen);
    }
    return { state: state!, deltas };
  };

  it.each<[string, Partial<FeeCharge>, Partial<FeeInputs>, number, bigint]>([
    ['DOMAIN: 10,000 × 12 % × 1.5 /360, 10 days', {}, {}, 10, 5000n],
    ['DOMAIN: the same /365 (rounded on the total)', { dayBase: 365 }, {}, 10, 4932n],
    [
      'the same /365 rounded per day: 4.93 × 10',
      { dayBase: 365, rounding: 'per_day' },
      {},
      10,
      4930n,
    ],
    [
      'DOMAIN: compound on 100.00 overdue interest',
      { id: 'compound', type: 'compound', base: 'overdue_interest' },
      { overdueInterestFen: 10_000n },
      10,
      50n,
    ],
    ['grace 3 from the due date: day 4 catches up 4 days', { graceDays: 3 }, {}, 4, 2000n],
    ['grace 3 after grace: only day 4', { graceDays: 3, accrueFrom: 'after_grace' }, {}, 4, 500n],
    ['capped at 30.00 per installment', { caps: { maxPerInstallment: '30.00' } }, {}, 10, 3000n],
    [
      'tiers: ×2 from day 6',
      { tiers: [{ fromDay: 6, formula: 'base * contractRate * 2 / dayBase' }] },
      {},
      8,
      // 5 days × 5.00 + 3 days × 6.666… = 25.00 + 20.00
      4500n,
    ],
  ])('%s', (_label, over, facts, days, fen) => {
    expect(walk(charge(over), inputs(facts), days).state.totalFen).toBe(fen);
  });

  it('day by day adds up to the whole-period accrual with steady inputs', () => {
    for (const over of [
      {},
      { dayBase: 365 as const },
      { dayBase: 365 as const, rounding: 'per_day' as const },
      { graceDays: 5 },
      { graceDays: 5, accrueFrom: 'after_grace' as const },
      { caps: { annualRate: '0.24' } },
      { tiers: [{ fromDay: 31, formula: 'base * contractRate * 3 / dayBase' }] },
    ])
      for (const days of [1, 7, 30, 45, 61]) {
        const c = charge(over);
        const { state, deltas } = walk(c, inputs(), days);
        expect(state.totalFen, JSON.stringify({ over, days })).toBe(
          compileCharge(c).accrue(inputs(), days).totalFen,
        );
        expect(deltas.every((d) => d >= 0n)).toBe(true);
        expect(deltas.reduce((a, b) => a + b, 0n)).toBe(state.totalFen);
      }
  });

  it('a late fee is charged once, on the first day past grace', () => {
    const late = charge({
      id: 'late_fee',
      type: 'late_fee',
      formula: '20',
      graceDays: 3,
      accrueFrom: 'after_grace',
    });
    const { deltas } = walk(late, inputs(), 10);
    expect(deltas).toEqual([0n, 0n, 0n, 2000n, 0n, 0n, 0n, 0n, 0n, 0n]);
  });

  it('missed days are caught up, and a day already accrued adds nothing', () => {
    const compiled = compileCharge(charge({}));
    const day3 = compiled.accrueDay(inputs(), 3, null);
    expect(day3.deltaFen).toBe(1500n);
    const day7 = compiled.accrueDay(inputs(), 7, day3);
    expect(day7).toMatchObject({ deltaFen: 2000n, totalFen: 3500n, day: 7 });
    expect(compiled.accrueDay(inputs(), 7, day7).deltaFen).toBe(0n);
  });

  it('with a carry scale, the running total is carried rounded half-up at that scale', () => {
    // 13 %: 1,000.00 × 0.13 × 1.5 / 360 = 0.541666… a day, never terminating.
    const rate = inputs({ overduePrincipalFen: 100_000n, contractRate: '0.13' });
    const carried = compileCharge(charge({}), { carryScale: 10 });
    const unrounded = compileCharge(charge({}));
    const day1 = carried.accrueDay(rate, 1, null);
    expect(day1.exactYuan).toBe('0.5416666667');
    expect(unrounded.accrueDay(rate, 1, null).exactYuan).toBe(
      '0.54166666666666666666666666666666666666666666666667',
    );
    // Day 2 continues from the carried text: 0.5416666667 + 0.541666… = 1.0833333333(6…) → …334.
    const day2 = carried.accrueDay(rate, 2, day1);
    expect(day2.exactYuan).toBe('1.0833333334');
    expect(unrounded.accrueDay(rate, 2, null).exactYuan.slice(0, 12)).toBe('1.0833333333');
    // Caught up in one call from day 0, days are summed in memory and rounded once.
    expect(carried.accrueDay(rate, 2, null).exactYuan).toBe('1.0833333333');
    expect(day2.totalFen).toBe(108n);
  });

  it('a payment lowers the base from that day on', () => {
    const compiled = compileCharge(charge({}));
    const day2 = compiled.accrueDay(inputs(), 2, null); // 2 × 5.00
    const day3 = compiled.accrueDay(inputs({ overduePrincipalFen: 500_000n }), 3, day2);
    expect(day3).toMatchObject({ deltaFen: 250n, totalFen: 1250n });
  });
});

describe('a charge made when settling (chargeNow)', () => {
  it('the prepayment fee on the remaining principal, capped per installment', () => {
    const fee = charge({
      id: 'prepayment',
      type: 'prepayment_fee',
      base: 'remaining_principal',
      formula: 'base * 0.01',
      caps: { maxPerInstallment: '500.00' },
    });
    const compiled = compileCharge(fee);
    expect(compiled.chargeNow(inputs({ outstandingPrincipalFen: 3_000_000n }))).toBe(30_000n);
    expect(compiled.chargeNow(inputs({ outstandingPrincipalFen: 8_000_000n }))).toBe(50_000n);
  });
});

describe('an installment as overdue charges read it', () => {
  const installment = {
    overduePrincipalFen: 1_000_000n,
    overdueInterestFen: 12_500n,
    outstandingPrincipalFen: 9_000_000n,
    contractRate: '0.12',
    period: 3,
    termMonths: 12,
    businessLine: 'consumer',
    funderCode: 'F-BANK-01',
    productCode: 'P-CASH-12',
  };

  it('formula inputs: the remaining terms after its period, never below zero', () => {
    expect(feeInputsOf(installment)).toEqual({
      overduePrincipalFen: 1_000_000n,
      overdueInterestFen: 12_500n,
      outstandingPrincipalFen: 9_000_000n,
      contractRate: '0.12',
      installmentNo: 3,
      termCount: 12,
      remainingTerms: 9,
    });
    expect(feeInputsOf({ ...installment, period: 14 }).remainingTerms).toBe(0);
  });

  it('condition facts: its scope, the days overdue, its period and overdue principal', () => {
    expect(feeFactsOf(installment, 5)).toEqual({
      businessLine: 'consumer',
      funderCode: 'F-BANK-01',
      productCode: 'P-CASH-12',
      overdueDays: 5,
      installmentNo: 3,
      principalFen: 1_000_000,
    });
  });
});
