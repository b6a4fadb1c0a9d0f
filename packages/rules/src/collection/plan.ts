// How money received for a loan is split over its open installments: by the allocation rule's
// waterfall (`allocate`), each installment as owed on the day the money was paid. An offline
// repayment and a channel debit's success both plan here; the engine applies the plan to the
// installments and posts it to the ledger.
import { fenToYuan } from '../money';
import {
  allocate,
  type Allocation,
  type AllocationRule,
  type Component,
  type OpenInstallment,
} from '../rule-kinds/allocation';

export type Components = Record<Component, bigint>;

export const noComponents = (): Components => ({
  principal: 0n,
  interest: 0n,
  fee: 0n,
  penalty: 0n,
});

/** The waterfall while no allocation rule is published: penalty, fee, interest, principal, oldest first. */
export const DEFAULT_ALLOCATION_RULE: AllocationRule = {
  order: ['penalty', 'fee', 'interest', 'principal'],
  oldestFirst: true,
  allowPartial: true,
};

/** Penalty and fees accrued after a day (the daily accrual's rows dated after it). */
export interface AccruedAfter {
  penalty: bigint;
  fee: bigint;
}

/**
 * What an installment owed on an earlier day: its outstanding less the penalty and fees accrued
 * after that day (never below zero). Money paid that day pays no later charge; the recalculation
 * accrues those days again from the installment as paid.
 */
export function owedOn(outstanding: Components, accruedAfter?: AccruedAfter): Components {
  if (!accruedAfter) return outstanding;
  const less = (owed: bigint, accrued: bigint) => (owed > accrued ? owed - accrued : 0n);
  return {
    ...outstanding,
    penalty: less(outstanding.penalty, accruedAfter.penalty),
    fee: less(outstanding.fee, accruedAfter.fee),
  };
}

export const totalOf = (c: Components): bigint => c.principal + c.interest + c.fee + c.penalty;

export interface CollectionPlan {
  /** In waterfall order. */
  allocations: Allocation[];
  /** What each installment is paid, by component, in the order the waterfall first reaches it. */
  paidByInstallment: Map<string, Components>;
  /** What the money pays, by component, over every installment. */
  paid: Components;
  /** What no installment owed. */
  remainderFen: bigint;
}

/** Split `amountFen` over the installments (as owed) by the rule, or the default waterfall. */
export function planCollection(
  rule: AllocationRule | null | undefined,
  installments: readonly OpenInstallment[],
  amountFen: bigint,
): CollectionPlan {
  const { allocations, remainderFen } = allocate(
    rule ?? DEFAULT_ALLOCATION_RULE,
    installments,
    amountFen,
  );
  const paidByInstallment = new Map<string, Components>();
  const paid = noComponents();
  for (const a of allocations) {
    const of = paidByInstallment.get(a.installmentId) ?? noComponents();
    of[a.component] += a.amountFen;
    paidByInstallment.set(a.installmentId, of);
    paid[a.component] += a.amountFen;
  }
  return { allocations, paidByInstallment, paid, remainderFen };
}

/** An offline repayment the loan cannot take: more than it owes on the day it was paid. */
export class RepaymentPlanError extends Error {
  readonly field = 'amount';
  constructor(readonly owedFen: bigint) {
    super(`amount is above what the loan owes now (${fenToYuan(owedFen)})`);
    this.name = 'RepaymentPlanError';
  }
}

/**
 * An offline repayment over the loan's open installments, each as owed on the day it was paid
 * (without the penalty and fees accrued after it). Money above what the loan owes that day is
 * refused (RepaymentPlanError), not held in suspense: receipts keyed in by people are far more
 * often a typo than a real overpayment.
 */
export function planRepayment(
  rule: AllocationRule | null | undefined,
  installments: readonly (OpenInstallment & { accruedAfter?: AccruedAfter })[],
  amountFen: bigint,
): CollectionPlan {
  const asOwed = installments.map(({ accruedAfter, ...i }) => ({
    ...i,
    outstanding: owedOn(i.outstanding, accruedAfter),
  }));
  const owedFen = asOwed.reduce((s, i) => s + totalOf(i.outstanding), 0n);
  if (amountFen > owedFen) throw new RepaymentPlanError(owedFen);
  return planCollection(rule, asOwed, amountFen);
}
