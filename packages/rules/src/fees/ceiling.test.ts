import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { examplePenaltyCharge } from '../examples';
import { parseRuleBody } from '../rule-kinds/index';
import type { FeeCharge, FeeRule } from '../rule-kinds/fee';
import { compileCharge, type FeeInputs } from './accrue';
import { ceilingBreach } from './ceiling';

const penalty = examplePenaltyCharge;
const rule = (...charges: Record<string, unknown>[]): FeeRule => parseRuleBody('fee', { charges });

describe('a fee rule against the all-in ceiling, on worst-case probes', () => {
  it('refuses 6 %/day meant as 0.06 %, naming the case: ¥6,000.00 on ¥10,000.00 in 10 days', () => {
    const breach = ceilingBreach(rule(penalty({ formula: 'base * 0.06', dayBase: 365 })), '0.24');
    expect(breach).toMatchObject({
      chargeIndex: 0,
      chargeId: 'penalty',
      baseFen: 1_000_000n,
      overdueDays: 10,
      contractRate: '0',
      totalFen: 600_000n,
    });
    expect(breach!.message).toBe(
      'penalty "罚息" charges ¥6,000.00 on ¥10,000.00 overdue 10 days at a 0 % contract rate: ' +
        '2,190 % a year all-in, above the ceiling of 24 %',
    );
  });

  it('passes a rule that caps itself at or below the ceiling, whatever its formula', () => {
    expect(ceilingBreach(rule(penalty({ caps: { annualRate: '0.24' } })), '0.24')).toBeNull();
    expect(
      ceilingBreach(
        rule(penalty({ formula: 'base * 0.0005', caps: { annualRate: '0.2' } })),
        '0.24',
      ),
    ).toBeNull();
  });

  it('refuses a cap above the ceiling, and a multiple of the contract rate on a dear loan', () => {
    const loose = ceilingBreach(
      rule(penalty({ formula: 'base * 0.0005', caps: { annualRate: '0.36' } })),
      '0.24',
    );
    expect(loose?.message).toMatch(/above the ceiling of 24 %$/);
    // 1.5× the contract rate on a 12 % loan is 30 % all-in: above 24 %.
    const dear = ceilingBreach(rule(penalty()), '0.24');
    expect(dear).toMatchObject({ contractRate: '0.12' });
    expect(dear!.message).toContain('at a 12 % contract rate: 30 % a year all-in');
  });

  it('finds the tier that breaks it, and the charge', () => {
    const tiered = rule(
      { ...penalty({ id: 'late', formula: '20', type: 'late_fee' }) },
      penalty({
        caps: undefined,
        formula: 'base * 0.0001',
        tiers: [{ fromDay: 31, formula: 'base * 0.01' }],
      }),
    );
    const breach = ceilingBreach(tiered, '0.36');
    expect(breach).toMatchObject({ chargeIndex: 1, chargeId: 'penalty' });
    expect(breach!.overdueDays).toBeGreaterThan(30);
  });

  it('leaves one-off charges (late fee, prepayment fee) to their own caps', () => {
    const fees = rule(
      penalty({ id: 'late', type: 'late_fee', formula: '20', caps: { annualRate: '0.24' } }),
      penalty({
        id: 'prepay',
        type: 'prepayment_fee',
        base: 'remaining_principal',
        formula: 'base * 0.01',
      }),
    );
    expect(ceilingBreach(fees, '0.24')).toBeNull();
  });
});

describe('the ceiling at accrual time', () => {
  const inputs = (over: Partial<FeeInputs> = {}): FeeInputs => ({
    overduePrincipalFen: 1_000_000n,
    overdueInterestFen: 10_000n,
    outstandingPrincipalFen: 5_000_000n,
    contractRate: '0.12',
    installmentNo: 3,
    termCount: 12,
    remainingTerms: 9,
    ...over,
  });
  const charge = (over: Record<string, unknown>): FeeCharge => rule(penalty(over)).charges[0]!;

  it('caps a rule with no cap of its own: 6 %/day for 10 days on ¥10,000 at 12 % → ¥33.33', () => {
    const uncapped = compileCharge(charge({ formula: 'base * 0.06' }));
    expect(uncapped.accrue(inputs(), 10).totalFen).toBe(600_000n);
    const capped = compileCharge(charge({ formula: 'base * 0.06' }), { ceiling: '0.24' });
    // 10,000 × (24 % − 12 %) × 10 / 360 = 33.33.
    expect(capped.accrue(inputs(), 10)).toEqual({
      totalFen: 3333n,
      chargedDays: 10,
      cappedBy: 'ceiling',
    });
    const day = capped.accrueDay(inputs(), 10, null);
    expect(day).toMatchObject({ totalFen: 3333n, cappedBy: 'ceiling' });
  });

  it("keeps the lower of the rule's own cap and the ceiling, and a minimum never lifts it above", () => {
    const own = compileCharge(charge({ formula: 'base * 0.06', caps: { annualRate: '0.2' } }), {
      ceiling: '0.24',
    });
    expect(own.accrue(inputs(), 10)).toMatchObject({ totalFen: 2222n, cappedBy: 'annualRate' });
    const min = compileCharge(charge({ formula: 'base * 0.0001', caps: { min: '100.00' } }), {
      ceiling: '0.24',
    });
    expect(min.accrue(inputs(), 1)).toMatchObject({ totalFen: 333n, cappedBy: 'ceiling' });
  });

  it('never accrues above the ceiling when payments lower the base, per day or on the total', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }).map((bp) => `base * ${(bp / 10000).toFixed(4)}`),
        fc.array(
          fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 8n }), fc.integer({ min: 1, max: 40 })),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        fc.integer({ min: 0, max: 3000 }).map((bp) => (bp / 10000).toFixed(4)),
        fc.constantFrom('per_day' as const, 'on_total' as const),
        fc.constantFrom(360 as const, 365 as const),
        (formula, steps, contractRate, rounding, dayBase) => {
          const ceiling = '0.24';
          const c = compileCharge(charge({ formula, rounding, dayBase }), { ceiling });
          const room = Math.max(0, Number(ceiling) - Number(contractRate));
          let state = null;
          let day = 0;
          let limit = 0; // fen, exact: each step's days at that step's base
          for (const [principal, length] of steps) {
            day += length;
            const facts = inputs({ overduePrincipalFen: principal, contractRate });
            state = c.accrueDay(facts, day, state);
            limit += (Number(principal) * room * length) / dayBase;
            expect(Number(state.totalFen)).toBeLessThanOrEqual(Math.floor(limit + 0.5 + 1e-6));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never accrues above the ceiling, day by day, for any formula, base, rate and day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }).map((bp) => `base * ${(bp / 10000).toFixed(4)}`),
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        fc.integer({ min: 0, max: 3000 }).map((bp) => (bp / 10000).toFixed(4)),
        fc.integer({ min: 1, max: 400 }),
        fc.constantFrom(360 as const, 365 as const),
        fc.constantFrom('0.24', '0.36'),
        (formula, principal, contractRate, days, dayBase, ceiling) => {
          const c = compileCharge(charge({ formula, dayBase, caps: { min: '1.00' } }), { ceiling });
          const facts = inputs({ overduePrincipalFen: principal, contractRate });
          let state = null;
          for (let day = 1; day <= days; day += Math.ceil(days / 7)) {
            state = c.accrueDay(facts, day, state);
            const room = Number(ceiling) - Number(contractRate);
            const limit = room <= 0 ? 0 : (Number(principal) * room * day) / dayBase;
            expect(Number(state.totalFen)).toBeLessThanOrEqual(Math.round(limit) + 1);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
