// Records → the wire shapes of docs/api.md (yuan strings, masked borrower).
import { fenToYuan } from '@repay/rules';
import type { InstallmentView, LoanView, PlanView } from './loans.schema';
import type { InstallmentRecord, LoanRecord, PlanVersionRecord } from './loans.types';

export function installmentView(i: InstallmentRecord): InstallmentView {
  const total = i.principalDue + i.interestDue + i.feeDue + i.penaltyDue;
  const paid = i.principalPaid + i.interestPaid + i.feePaid + i.penaltyPaid;
  return {
    period: i.period,
    dueDate: i.dueDate,
    principal: fenToYuan(i.principalDue),
    interest: fenToYuan(i.interestDue),
    fee: fenToYuan(i.feeDue),
    penalty: fenToYuan(i.penaltyDue),
    total: fenToYuan(total),
    paid: fenToYuan(paid),
    status: i.status,
    overdueDays: i.overdueDays,
  };
}

export function planView(plan: PlanVersionRecord): PlanView {
  let principal = 0n;
  let interest = 0n;
  let total = 0n;
  for (const i of plan.installments) {
    principal += i.principalDue;
    interest += i.interestDue;
    total += i.principalDue + i.interestDue + i.feeDue + i.penaltyDue;
  }
  return {
    version: plan.version,
    installments: plan.installments.map(installmentView),
    totals: {
      principal: fenToYuan(principal),
      interest: fenToYuan(interest),
      total: fenToYuan(total),
    },
  };
}

export function pausedView(loan: Pick<LoanRecord, 'pausedReason' | 'pausedUntil'>) {
  return loan.pausedUntil ? { reason: loan.pausedReason ?? '', until: loan.pausedUntil } : null;
}

export function loanView(loan: LoanRecord, plan: PlanVersionRecord): LoanView {
  return {
    orderNo: loan.orderNo,
    status: loan.status,
    funderCode: loan.funderCode,
    productCode: loan.productCode,
    businessLine: loan.businessLine,
    principal: fenToYuan(loan.principal),
    outstandingPrincipal: fenToYuan(loan.outstandingPrincipal),
    paused: pausedView(loan),
    borrower: {
      name: loan.borrower.nameMask,
      idNo: loan.borrower.idNoMask,
      mobile: loan.borrower.mobileMask,
    },
    plan: planView(plan),
  };
}

/** A repayment's allocations as stored (fen as text), in yuan: what each period's component got. */
export const allocationsView = (
  allocations: readonly { period: number; component: string; amountFen: string }[],
) =>
  allocations.map((a) => ({
    period: a.period,
    component: a.component,
    amount: fenToYuan(BigInt(a.amountFen)),
  }));
