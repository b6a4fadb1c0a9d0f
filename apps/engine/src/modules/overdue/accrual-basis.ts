// What an installment's daily charges are computed from: the same columns and compiled
// charge for the daily accrual (accrual.service.ts) and for a backdated recalculation
// (recalculation.ts), so a recalculated day equals the day the run would have accrued.
import { EXACT_TOTAL_SCALE } from '@repay/db';
import {
  accruingChargesOf,
  compileCharge,
  type AccruingCharge,
  type CompiledCharge,
  type FeeRule,
} from '@repay/rules';
import { bigintOf } from '../../lib/rows';

export interface AccrualBasis {
  id: bigint;
  loanId: bigint;
  period: number;
  dueDate: string;
  overduePrincipalFen: bigint;
  overdueInterestFen: bigint;
  outstandingPrincipalFen: bigint;
  contractRate: string;
  termMonths: number;
  /** The business line's all-in annual ceiling: every daily charge is capped at it. */
  ceiling: string | null;
}

/** The basis's columns of `installments i`, `loans l` and `business_lines bl` (left join). */
export const ACCRUAL_BASIS_COLUMNS = `i.id, i.loan_id AS "loanId", i.period, i.due_date::text AS "dueDate",
         (i.principal_due - i.principal_paid)::bigint AS "overduePrincipalFen",
         (i.interest_due - i.interest_paid)::bigint AS "overdueInterestFen",
         l.outstanding_principal AS "outstandingPrincipalFen", l.annual_rate::text AS "contractRate",
         l.term_months AS "termMonths", bl.all_in_annual_ceiling::text AS ceiling`;

export const accrualBasisOf = (r: Record<string, unknown>): AccrualBasis => ({
  id: bigintOf(r.id),
  loanId: bigintOf(r.loanId),
  period: Number(r.period),
  dueDate: r.dueDate as string,
  overduePrincipalFen: bigintOf(r.overduePrincipalFen),
  overdueInterestFen: bigintOf(r.overdueInterestFen),
  outstandingPrincipalFen: bigintOf(r.outstandingPrincipalFen),
  contractRate: r.contractRate as string,
  termMonths: Number(r.termMonths),
  ceiling: (r.ceiling as string | null) ?? null,
});

/** A daily charge as accrual compiles it: totals carried at EXACT_TOTAL_SCALE, capped at the ceiling. */
export const compileAccruedCharge = (
  charge: FeeRule['charges'][number],
  ceiling: string | null,
): CompiledCharge =>
  compileCharge(charge, { carryScale: EXACT_TOTAL_SCALE, ceiling: ceiling ?? undefined });

/** A fee rule's accruing charges as the daily run compiles them (its carry scale, the ceiling). */
export const accruingChargesFor = (rule: FeeRule, ceiling: string | null): AccruingCharge[] =>
  accruingChargesOf(rule, { carryScale: EXACT_TOTAL_SCALE, ceiling: ceiling ?? undefined });
