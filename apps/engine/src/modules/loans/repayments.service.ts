// Offline repayments (docs/api.md Collections): money the borrower paid outside the channels,
// recorded once per reference and allocated by the loan's allocation rule across its open
// installments as planRepayment (@repay/rules) plans it; an amount above what the loan owes
// is refused (422 `amount`). This service applies the plan in one transaction: installments,
// the backdated recalculation, the repayment row, the ledger journal, the event and the audit.
// A debit still in flight may later succeed for an installment paid here; its surplus then
// goes to suspense (debits' settlement), never onto a paid installment.
import { fenToYuan, planRepayment, RepaymentPlanError, todayIn, yuanToFen } from '@repay/rules';
import { AppError, notFound } from '../../lib/errors';
import { requestHash } from '../../lib/request-hash';
import { BUSINESS_TIME_ZONE, type Clock } from '../../lib/clock';
import type { Executor } from '../../lib/executor';
import type { Transactor } from '../../lib/transaction';
import type { Actor, AuditLog, OutboxRepo } from '../events';
import { accounts, debitCollectedJournal, postJournal, type LedgerRepo } from '../ledger';
import { accruedAfter, type Recalculation } from '../overdue';
import type { RuleResolver } from '../rules';
import type { CollectionsRepo } from './collections.repo';
import type { LoansRepo } from './loans.repo';
import type { RepaymentsRepo } from './repayments.repo';
import { requireActiveLoan } from './loan-guards';
import { allocationsView } from './loans.view';

export interface RepaymentInput {
  amount: string;
  paidAt: string;
  reference: string;
  method: 'offline';
}

type Repos = {
  tx: Executor;
  loans: LoansRepo;
  collections: CollectionsRepo;
  repayments: RepaymentsRepo;
  ledger: LedgerRepo;
  outbox: OutboxRepo;
  audit: AuditLog;
};

const hashOf = (orderNo: string, input: RepaymentInput) =>
  requestHash(
    {
      orderNo,
      amount: input.amount,
      paidAt: new Date(input.paidAt).toISOString(),
      method: input.method,
    },
    { amounts: ['amount'] },
  );

/** The plan, or the refusal of an amount above what the loan owes as a 422 on `amount`. */
function planOrRefuse<T>(plan: () => T): T {
  try {
    return plan();
  } catch (error) {
    if (error instanceof RepaymentPlanError)
      throw new AppError('UNPROCESSABLE', error.message, { field: error.field, cause: error });
    throw error;
  }
}

export function createRepaymentsService(deps: {
  read: RepaymentsRepo;
  transaction: Transactor<Repos>;
  rules: RuleResolver;
  recalculation: Recalculation;
  clock: Clock;
}) {
  const { read, transaction, rules, recalculation, clock } = deps;

  const view = (r: NonNullable<Awaited<ReturnType<RepaymentsRepo['byReference']>>>) => ({
    repaymentId: `rp_${r.id}`,
    orderNo: r.orderNo,
    reference: r.reference,
    amount: fenToYuan(r.amount),
    paidAt: new Date(r.paidAt).toISOString(),
    method: r.method,
    allocations: allocationsView(r.allocations),
  });

  async function replayOrConflict(orderNo: string, input: RepaymentInput) {
    const existing = await read.byReference(input.reference);
    if (!existing) return null;
    if (existing.requestHash !== hashOf(orderNo, input))
      throw new AppError(
        'CONFLICT',
        `reference ${input.reference} was recorded with other content`,
        {
          field: 'reference',
        },
      );
    return { created: false, repayment: view(existing) };
  }

  return {
    async record(orderNo: string, input: RepaymentInput, actor: Actor) {
      const amountFen = yuanToFen(input.amount);
      if (amountFen <= 0n)
        throw new AppError('VALIDATION_FAILED', 'amount must be above 0', { field: 'amount' });
      const paidAt = new Date(input.paidAt);
      if (paidAt > clock.now())
        throw new AppError('UNPROCESSABLE', 'paidAt is in the future', { field: 'paidAt' });
      const replay = await replayOrConflict(orderNo, input);
      if (replay) return replay;
      const allocation = await rules.snapshot('allocation');
      const lost = await transaction(async (repos) => {
        const loan = await repos.loans.findLoan(orderNo);
        if (!loan) throw notFound(`loan ${orderNo}`, 'orderNo');
        requireActiveLoan(loan, orderNo);
        const effectiveDate = todayIn(BUSINESS_TIME_ZONE, paidAt);
        // Backdated money pays what was owed on the day it was paid: charges accrued after
        // that day are left out of the plan and recalculated below (overdue/recalculation.ts).
        const open = await repos.collections.lockOpenInstallments(loan.id);
        const later = await accruedAfter(
          repos.tx,
          open.map((i) => i.id),
          effectiveDate,
        );
        const resolved = allocation(
          {
            businessLine: loan.businessLine,
            funderCode: loan.funderCode,
            productCode: loan.productCode,
            loanKey: orderNo,
          },
          clock.now(),
        );
        const plan = planOrRefuse(() =>
          planRepayment(
            resolved?.rule,
            open.map((i) => ({
              id: String(i.id),
              dueDate: i.dueDate,
              seq: i.period,
              outstanding: i.outstanding,
              accruedAfter: later.get(String(i.id)),
            })),
            amountFen,
          ),
        );
        for (const [id, paid] of plan.paidByInstallment)
          await repos.collections.applyCollection(BigInt(id), loan.id, paid);
        await recalculation.run(
          repos.tx,
          [...plan.paidByInstallment.keys()].map((id) => BigInt(id)),
          effectiveDate,
          input.reference,
        );
        const period = new Map(open.map((i) => [String(i.id), i.period]));
        const inserted = await repos.repayments.insert({
          reference: input.reference,
          loanId: loan.id,
          amount: amountFen,
          paidAt,
          method: input.method,
          requestHash: hashOf(orderNo, input),
          allocations: plan.allocations.map((a) => ({
            period: period.get(a.installmentId)!,
            component: a.component,
            amountFen: String(a.amountFen),
          })),
          createdBy: `${actor.type}:${actor.id}`,
        });
        // A concurrent twin with the same reference won: nothing of ours is kept.
        if (!inserted)
          throw new AppError('CONFLICT', 'the same reference is being recorded', {
            field: 'reference',
          });
        await postJournal(
          repos.ledger,
          debitCollectedJournal({
            orderKey: input.reference,
            kind: 'repayment.received',
            receivedInto: accounts.offlineReceipts(loan.funderCode),
            loanId: loan.id,
            funderCode: loan.funderCode,
            effectiveDate,
            ruleVersionId: resolved ? BigInt(resolved.versionId) : undefined,
            paid: plan.paid,
            unallocated: 0n,
          }),
        );
        await repos.outbox.add({
          eventId: `repayment.received:${input.reference}`,
          topic: 'repayment.received',
          aggregateType: 'loan',
          aggregateId: orderNo,
          payload: { orderNo, reference: input.reference, amount: fenToYuan(amountFen) },
        });
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'loan.repayment',
          entityType: 'loan',
          entityId: orderNo,
          diff: { reference: input.reference, amount: fenToYuan(amountFen) },
        });
      }).catch(async (error: unknown) => {
        // Lost the race on the unique reference: answer as the replay it is.
        const again = await replayOrConflict(orderNo, input).catch(() => null);
        if (again) return again;
        throw error;
      });
      if (lost) return lost;
      const stored = await read.byReference(input.reference);
      return { created: true, repayment: view(stored!) };
    },
  };
}

export type RepaymentsService = ReturnType<typeof createRepaymentsService>;
