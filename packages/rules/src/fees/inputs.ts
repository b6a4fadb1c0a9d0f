// An installment as its overdue charges read it: the formula inputs and the condition facts, the
// same for the daily accrual, a backdated recalculation and a rule simulation.
import type { FeeInputs } from './accrue';

/** An open installment and its loan, as an overdue charge reads them. */
export interface OverdueInstallmentFigures {
  overduePrincipalFen: bigint;
  overdueInterestFen: bigint;
  outstandingPrincipalFen: bigint;
  contractRate: string;
  period: number;
  termMonths: number;
}

/** The formula inputs of an installment's overdue charges: the daily run, a recalculation and a simulation alike. */
export const feeInputsOf = (i: OverdueInstallmentFigures): FeeInputs => ({
  overduePrincipalFen: i.overduePrincipalFen,
  overdueInterestFen: i.overdueInterestFen,
  outstandingPrincipalFen: i.outstandingPrincipalFen,
  contractRate: i.contractRate,
  installmentNo: i.period,
  termCount: i.termMonths,
  remainingTerms: Math.max(0, i.termMonths - i.period),
});

/** The facts a charge's conditions are evaluated on (FEE_FACTS), `overdueDays` days overdue. */
export const feeFactsOf = (
  i: OverdueInstallmentFigures & { businessLine: string; funderCode: string; productCode: string },
  overdueDays: number,
) => ({
  businessLine: i.businessLine,
  funderCode: i.funderCode,
  productCode: i.productCode,
  overdueDays,
  installmentNo: i.period,
  principalFen: Number(i.overduePrincipalFen),
});
