// Loans as they are read: one loan with its current plan, its detail, a plan version, its debits,
// and a page of the list.
import { fenToYuan } from '@repay/rules';
import { AppError, notFound } from '../../lib/errors';
import { decodeCursor, encodeCursor } from './cursor';
import type { LoanListInput, LoanView } from './loans.schema';
import { loanView, pausedView, planView } from './loans.view';
import type { LoansRepo } from './loans.repo';

export function createLoanReads(read: LoansRepo, today: () => string) {
  async function withCurrentPlan(orderNo: string) {
    const loan = await read.findLoan(orderNo);
    if (!loan) throw notFound(`loan ${orderNo}`, 'orderNo');
    const plan = await read.findPlan(loan.id, loan.currentPlanVersion);
    if (!plan)
      throw new AppError(
        'INTERNAL',
        `loan ${orderNo} has no plan version ${loan.currentPlanVersion}`,
      );
    return { loan, plan };
  }

  async function viewOf(orderNo: string): Promise<LoanView> {
    const { loan, plan } = await withCurrentPlan(orderNo);
    return loanView(loan, plan);
  }

  return {
    viewOf,

    async getLoanDetail(orderNo: string) {
      const { loan, plan } = await withCurrentPlan(orderNo);
      return {
        ...loanView(loan, plan),
        funderName: loan.funderName,
        productName: loan.productName,
        annualRate: loan.annualRate,
        termMonths: loan.termMonths,
        repaymentMethod: loan.repaymentMethod,
        dayCount: loan.dayCount,
        startDate: loan.startDate,
        firstDueDate: loan.firstDueDate,
        createdAt: loan.createdAt.toISOString(),
        card: loan.card ? { cardNo: loan.card.cardNoMask, bankCode: loan.card.bankCode } : null,
      };
    },

    async getPlan(orderNo: string, version: number | undefined) {
      const loan = await read.findLoan(orderNo);
      if (!loan) throw notFound(`loan ${orderNo}`, 'orderNo');
      const wanted = version ?? loan.currentPlanVersion;
      const plan = await read.findPlan(loan.id, wanted);
      if (!plan) throw notFound(`plan version ${wanted} of loan ${orderNo}`, 'version');
      return {
        orderNo,
        ...planView(plan),
        current: wanted === loan.currentPlanVersion,
        reason: plan.reason,
        createdAt: plan.createdAt.toISOString(),
      };
    },

    async listDebits(orderNo: string) {
      const loan = await read.findLoanIdentity(orderNo);
      if (!loan) throw notFound(`loan ${orderNo}`, 'orderNo');
      const debits = await read.listDebits(loan.id);
      return debits.map((d) => ({
        debitId: `dbt_${d.id}`,
        period: d.period,
        amount: fenToYuan(d.amount),
        channel: d.channelCode,
        status: d.status,
        resultClass: d.resultClass,
        rawCode: d.rawCode,
        rawMessage: d.rawMessage,
        businessDate: d.businessDate,
        window: d.window,
        createdAt: d.createdAt.toISOString(),
        finishedAt: d.finishedAt?.toISOString() ?? null,
      }));
    },

    async listLoans(filter: LoanListInput) {
      const after = filter.cursor ? decodeCursor(filter.cursor) : null;
      // The total only on the first page: it does not change while paging on.
      const [rows, total] = await Promise.all([
        read.listLoans(filter, after, filter.limit + 1),
        after === null ? read.countLoans(filter) : Promise.resolve(null),
      ]);
      const asOf = today();
      const page = rows.slice(0, filter.limit);
      const last = page.at(-1);
      return {
        items: page.map((r) => ({
          orderNo: r.orderNo,
          businessLine: r.businessLine,
          funderCode: r.funderCode,
          funderName: r.funderName,
          productCode: r.productCode,
          productName: r.productName,
          borrowerName: r.borrowerName,
          principal: fenToYuan(r.principal),
          outstandingPrincipal: fenToYuan(r.outstandingPrincipal),
          termMonths: r.termMonths,
          repaymentMethod: r.repaymentMethod,
          status: r.status,
          paused: pausedView(r),
          nextDueDate: r.nextDueDate,
          /** The next unpaid installment's due date has passed. */
          nextDuePast: r.nextDueDate !== null && r.nextDueDate < asOf,
          overdueSince: r.overdueSince,
          delinquencyBucket: r.delinquencyBucket,
          createdAt: r.createdAt.toISOString(),
        })),
        total,
        nextCursor: rows.length > filter.limit && last ? encodeCursor(last.id) : null,
      };
    },
  };
}
