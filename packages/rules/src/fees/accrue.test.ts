import { describe, expect, it } from 'vitest';

import { parseRuleBody } from '../rule-kinds/index';
import type { FeeCharge } from '../rule-kinds/fee';
import { compileCharge, type FeeInputs } from './accrue';

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
  parseRuleBody('fee', {
    charges: [
      {
        id: 'penalty',
        type: 'penalty',
        name: '罚息',
        base: 'overdue_principal',
        formula: 'base * contractRate * 1.5 / dayBase',
        dayBase: 360,
        graceDays: 0,
        accrueFrom: 'due_date',
        rounding: 'on_total',
        ...over,
      },
    ],
  }).charges[0]!;

describe("DOMAIN.md's worked penalty examples", () => {
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
