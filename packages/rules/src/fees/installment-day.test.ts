// An installment's overdue day, carried day by day, equals the charge accrued over the span at
// once; a reversal's skipped days are not charged; a late fee applies once.
import { describe, expect, it } from 'vitest';

import { examplePenaltyCharge } from '../examples';
import { parseRuleBody } from '../rule-kinds/index';
import type { AccrualState } from './accrue';
import {
  accrueInstallmentDay,
  accruingChargesOf,
  type AccruingInstallment,
} from './installment-day';

const rule = parseRuleBody('fee', {
  charges: [
    examplePenaltyCharge(),
    {
      id: 'late_fee',
      type: 'late_fee',
      name: '违约金',
      base: 'overdue_principal',
      formula: '20',
      dayBase: 360,
      graceDays: 3,
      accrueFrom: 'after_grace',
      rounding: 'on_total',
    },
    {
      ...examplePenaltyCharge(),
      id: 'prepay',
      type: 'prepayment_fee',
      base: 'remaining_principal',
      formula: 'base * 0.01',
    },
  ],
});
const charges = accruingChargesOf(rule, { carryScale: 10 });

const installment = (over: Partial<AccruingInstallment> = {}): AccruingInstallment => ({
  overduePrincipalFen: 1_000_000n,
  overdueInterestFen: 10_000n,
  outstandingPrincipalFen: 1_000_000n,
  contractRate: '0.12',
  period: 1,
  termMonths: 12,
  dueDate: '2026-03-01',
  businessLine: 'consumer',
  funderCode: 'F1',
  productCode: 'P1',
  states: new Map(),
  accrualResumedOn: null,
  ...over,
});

function carry(inst: AccruingInstallment, dates: string[]) {
  const states = new Map<string, AccrualState>(inst.states);
  const totals: Record<string, bigint> = {};
  for (const date of dates)
    for (const { compiled, day } of accrueInstallmentDay(charges, { ...inst, states }, date)) {
      totals[compiled.charge.id] = (totals[compiled.charge.id] ?? 0n) + day.deltaFen;
      states.set(compiled.charge.id, day);
    }
  return totals;
}

describe('accrueInstallmentDay', () => {
  it('leaves out the prepayment fee', () => {
    expect(charges.map((c) => c.compiled.charge.id)).toEqual(['penalty', 'late_fee']);
  });

  it('charges 10,000.00 overdue 10 days 50.00 of penalty, day by day or at once; the late fee once', () => {
    const days = Array.from({ length: 10 }, (_, k) => `2026-03-${String(k + 2).padStart(2, '0')}`);
    expect(carry(installment(), days)).toEqual({ penalty: 5_000n, late_fee: 2_000n });
    expect(carry(installment(), ['2026-03-11'])).toEqual({ penalty: 5_000n, late_fee: 2_000n });
  });

  it('skips the days an installment stood paid before a reversal', () => {
    // Resumed on 03-06: days 1–5 are not charged, days 6–10 are (5 × 5.00).
    expect(carry(installment({ accrualResumedOn: '2026-03-06' }), ['2026-03-11'])).toEqual({
      penalty: 2_500n,
      late_fee: 2_000n,
    });
  });

  it('adds nothing before the due date has passed', () => {
    expect(accrueInstallmentDay(charges, installment(), '2026-03-01')).toEqual([]);
  });
});
