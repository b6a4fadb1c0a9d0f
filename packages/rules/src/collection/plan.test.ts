import { describe, expect, it } from 'vitest';

import type { AllocationRule } from '../rule-kinds/allocation';
import {
  DEFAULT_ALLOCATION_RULE,
  owedOn,
  planCollection,
  planRepayment,
  RepaymentPlanError,
} from './plan';

// Period 1 overdue (with penalty and a late fee), period 2 due later.
const p1 = {
  id: '11',
  dueDate: '2026-02-15',
  seq: 1,
  outstanding: { penalty: 1_234n, fee: 2_000n, interest: 100_000n, principal: 788_488n },
};
const p2 = {
  id: '12',
  dueDate: '2026-03-15',
  seq: 2,
  outstanding: { penalty: 0n, fee: 0n, interest: 92_115n, principal: 796_373n },
};
const componentFirst: AllocationRule = { ...DEFAULT_ALLOCATION_RULE, oldestFirst: false };
const leaseOrder: AllocationRule = {
  order: ['penalty', 'fee', 'principal', 'interest'],
  oldestFirst: true,
  allowPartial: false,
};

describe('a collection split by the waterfall, cent-exact', () => {
  it.each<[string, AllocationRule | null, bigint, [string, string, bigint][], bigint]>([
    [
      'no rule: penalty, fee, interest, principal of the oldest first',
      null,
      103_235n,
      [
        ['11', 'penalty', 1_234n],
        ['11', 'fee', 2_000n],
        ['11', 'interest', 100_000n],
        ['11', 'principal', 1n],
      ],
      0n,
    ],
    [
      'component first: every penalty and fee, then every interest',
      componentFirst,
      203_235n,
      [
        ['11', 'penalty', 1_234n],
        ['11', 'fee', 2_000n],
        ['11', 'interest', 100_000n],
        ['12', 'interest', 92_115n],
        ['11', 'principal', 7_886n],
      ],
      0n,
    ],
    [
      'principal before interest (lease)',
      leaseOrder,
      800_000n,
      [
        ['11', 'penalty', 1_234n],
        ['11', 'fee', 2_000n],
        ['11', 'principal', 788_488n],
        ['11', 'interest', 8_278n],
      ],
      0n,
    ],
    [
      'more than both owe: the rest is left over',
      null,
      1_780_300n,
      [
        ['11', 'penalty', 1_234n],
        ['11', 'fee', 2_000n],
        ['11', 'interest', 100_000n],
        ['11', 'principal', 788_488n],
        ['12', 'interest', 92_115n],
        ['12', 'principal', 796_373n],
      ],
      90n,
    ],
  ])('%s', (_label, rule, amount, expected, remainder) => {
    const plan = planCollection(rule, [p2, p1], amount);
    expect(plan.allocations.map((a) => [a.installmentId, a.component, a.amountFen])).toEqual(
      expected,
    );
    expect(plan.remainderFen).toBe(remainder);
    const sum = (c: Record<string, bigint>) => Object.values(c).reduce((s, v) => s + v, 0n);
    expect(sum(plan.paid) + plan.remainderFen).toBe(amount);
  });

  it('sums what each installment is paid, in the order the waterfall reaches them', () => {
    const plan = planCollection(componentFirst, [p2, p1], 203_235n);
    expect([...plan.paidByInstallment]).toEqual([
      ['11', { penalty: 1_234n, fee: 2_000n, interest: 100_000n, principal: 7_886n }],
      ['12', { penalty: 0n, fee: 0n, interest: 92_115n, principal: 0n }],
    ]);
    expect(plan.paid).toEqual({
      penalty: 1_234n,
      fee: 2_000n,
      interest: 192_115n,
      principal: 7_886n,
    });
  });

  it('nothing open: all of it is left over', () => {
    const plan = planCollection(null, [], 5_000n);
    expect(plan).toMatchObject({ allocations: [], remainderFen: 5_000n });
    expect(plan.paidByInstallment.size).toBe(0);
  });
});

describe('an installment as owed on an earlier day', () => {
  it('without the penalty and fees accrued after it, never below zero', () => {
    expect(owedOn(p1.outstanding, { penalty: 234n, fee: 5_000n })).toEqual({
      penalty: 1_000n,
      fee: 0n,
      interest: 100_000n,
      principal: 788_488n,
    });
    expect(owedOn(p1.outstanding)).toBe(p1.outstanding);
  });
});

describe('an offline repayment', () => {
  const owed = 1_234n + 2_000n + 100_000n + 788_488n + 92_115n + 796_373n; // 1,780,210

  it('pays up to exactly what the loan owes', () => {
    const plan = planRepayment(null, [p1, p2], owed);
    expect(plan.remainderFen).toBe(0n);
    expect(plan.paid).toEqual({
      penalty: 1_234n,
      fee: 2_000n,
      interest: 192_115n,
      principal: 1_584_861n,
    });
  });

  it('one fen more is refused, naming what the loan owes', () => {
    const refuse = () => planRepayment(null, [p1, p2], owed + 1n);
    expect(refuse).toThrow(RepaymentPlanError);
    expect(refuse).toThrow('amount is above what the loan owes now (17802.10)');
  });

  it('backdated: pays what was owed that day; penalty and fees accrued after it are not owed', () => {
    const accruedAfter = { penalty: 234n, fee: 2_000n };
    const thatDay = owed - 234n - 2_000n;
    const plan = planRepayment(null, [{ ...p1, accruedAfter }, p2], 1_100n);
    expect(plan.allocations).toEqual([
      { installmentId: '11', component: 'penalty', amountFen: 1_000n },
      { installmentId: '11', component: 'interest', amountFen: 100n },
    ]);
    expect(planRepayment(null, [{ ...p1, accruedAfter }, p2], thatDay).remainderFen).toBe(0n);
    expect(() => planRepayment(null, [{ ...p1, accruedAfter }, p2], thatDay + 1n)).toThrow(
      RepaymentPlanError,
    );
  });
});
