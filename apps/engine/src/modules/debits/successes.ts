// A batch's successes applied set-based: each installment as owed on the order's date, the money
// split by the allocation rule (planCollection), the orders moved, the installments and loans
// paid, late days recalculated, journals posted, anomalies listed and events published.
import {
  fenToYuan,
  noComponents,
  owedOn,
  planCollection,
  totalOf,
  type AccruedAfter as Accrued,
} from '@repay/rules';
import type { Clock } from '../../lib/clock';
import { recordAnomalies } from '../anomalies';
import { collectOnInstallments, lockLoansForCollection, quoteIdOfDebit } from '../loans';
import { debitCollectedJournal, postJournals, type Journal } from '../ledger';
import { accruedAfter, lastAccruedDate, type Recalculation } from '../overdue';
import type { RuleSnapshot } from '../rules';
import type { DebitOrderRow, LockedInstallment } from './debits.repo';
import type { Actor, Repos } from './results.types';
import { settleQuotes } from './settle-quotes';
import { lateSuccess, overpayment, successMove, type Success } from './success-records';

/** Penalty and fees accrued after a date, per installment id. */
type AccruedAfter = Map<string, Accrued>;
/** Late successes of one business date: their installments and what accrued after it. */
type LateGroup = { installmentIds: Set<bigint>; accruedAfter: AccruedAfter };

export function createSuccessSettlement(deps: { clock: Clock; recalculation: Recalculation }) {
  const { clock, recalculation } = deps;

  /** Allocate, move, apply, post and publish the successes of a batch, set-based. */
  async function settleMany(
    repos: Repos,
    allocation: RuleSnapshot<'allocation'>,
    successes: Success[],
    actor: Actor,
  ): Promise<Set<bigint>> {
    if (successes.length === 0) return new Set();
    // The loans first, then quotes and installments: the lock order of every money path.
    await lockLoansForCollection(
      repos.tx,
      successes.map((s) => s.order.loanId),
    );
    const settlements = successes.filter((s) => quoteIdOfDebit(s.order.idempotencyKey));
    const collections = successes.filter((s) => !quoteIdOfDebit(s.order.idempotencyKey));
    const moved = await settleQuotes(repos, settlements, actor);
    if (collections.length === 0) return moved;
    const installments = await repos.debits.lockInstallments(
      collections.map((s) => s.order.installmentId),
    );
    // A late success may find its installment rescheduled away: it owes nothing any more.
    const lateIds = collections.filter((s) => s.late).map((s) => s.order.installmentId);
    const current = await repos.debitAnswers.currentInstallments(lateIds);
    const superseded = new Set(lateIds.filter((id) => !current.has(id)));
    const late = await lateByDate(
      repos,
      collections.filter((s) => !superseded.has(s.order.installmentId)),
    );
    const settled = collections.map((s) => {
      const locked = installments.get(s.order.installmentId);
      if (!locked)
        throw new Error(
          `installment ${s.order.installmentId} of ${s.order.idempotencyKey} is gone`,
        );
      const inst = superseded.has(locked.id)
        ? { ...locked, outstanding: noComponents() }
        : asOwedOn(locked, late.get(s.order.businessDate)?.accruedAfter);
      return { ...s, inst, ...allocateTo(allocation, inst, s.order.amount) };
    });
    const movedNow = await repos.debits.transitionMany(
      settled.map((s) => successMove(s.order, s.answer, s.late)),
      actor,
    );
    for (const id of movedNow) moved.add(id);
    const done = settled.filter((s) => movedNow.has(s.order.id));
    const loanSettled = await collectOnInstallments(
      repos.tx,
      done
        .filter((s) => totalOf(s.paid) > 0n)
        .map((s) => ({
          installmentId: s.order.installmentId,
          loanId: s.order.loanId,
          paid: s.paid,
        })),
    );
    // Late successes: the charges accrued after the order's date are accrued again from the
    // installment as paid (reversal rows of the next revision), which may close it.
    for (const [date, group] of late) {
      const ids = done
        .filter(
          (s) => s.order.businessDate === date && group.installmentIds.has(s.order.installmentId),
        )
        .map((s) => s.order.installmentId);
      if (ids.length === 0) continue;
      const { settledLoans } = await recalculation.run(repos.tx, ids, date, '');
      for (const loanId of settledLoans) loanSettled.set(loanId, true);
    }
    const journals: Journal[] = done.map((s) =>
      debitCollectedJournal({
        orderKey: s.order.idempotencyKey,
        loanId: s.order.loanId,
        funderCode: s.inst.funderCode,
        effectiveDate: s.order.businessDate,
        ruleVersionId: s.ruleVersionId,
        paid: s.paid,
        unallocated: s.remainderFen,
      }),
    );
    await postJournals(repos.ledger, journals);
    await recordAnomalies(repos.tx, [
      ...done.filter((s) => s.late).map(lateSuccess),
      ...done
        .filter((s) => s.remainderFen > 0n)
        .map((s) =>
          overpayment(
            s.order,
            s.remainderFen,
            s.source,
            superseded.has(s.inst.id)
              ? 'the installment was rescheduled away before the success was learned'
              : 'more than the installment owed when the success was applied',
          ),
        ),
    ]);
    await repos.outbox.addMany(
      done.map((s) => ({
        eventId: `debit.succeeded:${s.order.idempotencyKey}`,
        topic: 'debit.succeeded',
        aggregateType: 'debit_order',
        aggregateId: s.order.idempotencyKey,
        payload: {
          orderNo: s.inst.orderNo,
          period: s.inst.period,
          amount: fenToYuan(s.order.amount),
          channel: s.order.channelCode,
          unallocated: fenToYuan(s.remainderFen),
          loanSettled: loanSettled.get(s.order.loanId) === true,
        },
      })),
    );
    return moved;
  }

  /**
   * Successes whose order's business date is before the last accrued day (a notification or
   * query that came days later), by that date: what accrued on their installments after it.
   * Orders of today's windows never read anything here (today is at most the last accrued day).
   */
  async function lateByDate(
    repos: Repos,
    collections: { order: DebitOrderRow }[],
  ): Promise<Map<string, LateGroup>> {
    const late = new Map<string, LateGroup>();
    const today = clock.today();
    const earlier = collections.filter((s) => s.order.businessDate < today);
    if (earlier.length === 0) return late;
    const lastAccrued = await lastAccruedDate(repos.tx);
    if (lastAccrued === null) return late;
    const byDate = new Map<string, bigint[]>();
    for (const { order } of earlier)
      if (order.businessDate < lastAccrued)
        byDate.set(order.businessDate, [
          ...(byDate.get(order.businessDate) ?? []),
          order.installmentId,
        ]);
    for (const [date, ids] of byDate)
      late.set(date, {
        installmentIds: new Set(ids),
        accruedAfter: await accruedAfter(repos.tx, ids, date),
      });
    return late;
  }

  /** The installment as owed on the order's date: without the charges accrued after it. */
  const asOwedOn = (
    inst: LockedInstallment,
    accruedAfter: AccruedAfter | undefined,
  ): LockedInstallment => ({
    ...inst,
    outstanding: owedOn(inst.outstanding, accruedAfter?.get(String(inst.id))),
  });

  function allocateTo(
    allocation: RuleSnapshot<'allocation'>,
    inst: LockedInstallment,
    amountFen: bigint,
  ) {
    const resolved = allocation(
      {
        businessLine: inst.businessLine,
        funderCode: inst.funderCode,
        productCode: inst.productCode,
        loanKey: inst.orderNo,
      },
      clock.now(),
    );
    const { paid, remainderFen } = planCollection(
      resolved?.rule,
      [
        {
          id: String(inst.id),
          dueDate: inst.dueDate,
          seq: inst.period,
          outstanding: inst.outstanding,
        },
      ],
      amountFen,
    );
    return { paid, remainderFen, ruleVersionId: resolved ? BigInt(resolved.versionId) : undefined };
  }

  return { settleMany };
}

export type SuccessSettlement = ReturnType<typeof createSuccessSettlement>;
