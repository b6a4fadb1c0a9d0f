// Offline repayments (docs/api.md Collections): money the borrower paid outside the channels,
// recorded once per reference and allocated by the loan's allocation rule across its open
// installments (oldest first per rule). Decision: an amount above what the loan owes now is
// refused (422 `amount`) rather than held in suspense: offline receipts are keyed in by
// people, and an over-amount is far more often a typo than a real overpayment.
// A debit still in flight may later succeed for an installment paid here; its surplus then
// goes to suspense (debits' settlement), never onto a paid installment.
import { allocate, fenToYuan, todayIn, yuanToFen } from '@repay/rules';
import { AppError, notFound } from '../../lib/errors';
import { requestHash } from '../../lib/request-hash';
import { BUSINESS_TIME_ZONE, type Clock } from '../../lib/clock';
import type { Executor } from '../../lib/executor';
import type { Transactor } from '../../lib/transaction';
import type { Actor, AuditLog, OutboxRepo } from '../events';
import { accounts, debitCollectedJournal, postJournal, type LedgerRepo } from '../ledger';
import { accruedAfter, type Recalculation } from '../overdue';
import type { RuleResolver } from '../rules';
import type { CollectionsRepo, Components } from './collections.repo';
import type { LoansRepo } from './loans.repo';
import type { RepaymentsRepo } from './repayments.repo';
import { requireActiveLoan } from './loan-guards';

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
    allocations: r.allocations.map((a) => ({
      period: a.period,
      component: a.component,
      amount: fenToYuan(BigInt(a.amountFen)),
    })),
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
        // that day are left out here and recalculated below (overdue/recalculation.ts).
        const locked = await repos.collections.lockOpenInstallments(loan.id);
        const later = await accruedAfter(
          repos.tx,
          locked.map((i) => i.id),
          effectiveDate,
        );
        const less = (owed: bigint, accrued: bigint | undefined) =>
          owed > (accrued ?? 0n) ? owed - (accrued ?? 0n) : 0n;
        const open = locked.map((i) => {
          const after = later.get(String(i.id));
          return after
            ? {
                ...i,
                outstanding: {
                  ...i.outstanding,
                  penalty: less(i.outstanding.penalty, after.penalty),
                  fee: less(i.outstanding.fee, after.fee),
                },
              }
            : i;
        });
        const owed = open.reduce(
          (s, i) =>
            s +
            i.outstanding.principal +
            i.outstanding.interest +
            i.outstanding.fee +
            i.outstanding.penalty,
          0n,
        );
        if (amountFen > owed)
          throw new AppError(
            'UNPROCESSABLE',
            `amount is above what the loan owes now (${fenToYuan(owed)})`,
            {
              field: 'amount',
            },
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
        const rule = resolved?.rule ?? {
          order: ['penalty', 'fee', 'interest', 'principal'] as const,
          oldestFirst: true,
        };
        const { allocations } = allocate(
          { ...rule, order: [...rule.order], allowPartial: true },
          open.map((i) => ({
            id: String(i.id),
            dueDate: i.dueDate,
            seq: i.period,
            outstanding: i.outstanding,
          })),
          amountFen,
        );
        const byInstallment = new Map<string, Components>();
        for (const a of allocations) {
          const c = byInstallment.get(a.installmentId) ?? {
            principal: 0n,
            interest: 0n,
            fee: 0n,
            penalty: 0n,
          };
          c[a.component] += a.amountFen;
          byInstallment.set(a.installmentId, c);
        }
        const total: Components = { principal: 0n, interest: 0n, fee: 0n, penalty: 0n };
        for (const [id, paid] of byInstallment) {
          await repos.collections.applyCollection(BigInt(id), loan.id, paid);
          for (const k of ['principal', 'interest', 'fee', 'penalty'] as const) total[k] += paid[k];
        }
        await recalculation.run(
          repos.tx,
          [...byInstallment.keys()].map((id) => BigInt(id)),
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
          allocations: allocations.map((a) => ({
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
            paid: total,
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
