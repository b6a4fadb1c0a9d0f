// What a channel answer does to a debit order (docs/domain.md, Channels). One state machine for
// the synchronous answers of a batch, the compensation query and the notification, so that
// they cannot disagree.
//
// An answer is applied only when it is about an order sent to the channel that gave it, and its
// order id, amount and (when both sides have one) the channel's serial match the order's.
// Anything else (another channel's answer, an order we do not know, another amount or serial)
// is kept as a channel anomaly for people and changes nothing (a query or response of that kind
// counts as no answer: the order is asked again on its back-off).
//
//   success       → allocate by the allocation rule → installment and loan → ledger → outbox;
//                   whatever no installment owed goes to suspense and is listed as an overpayment
//   fail_*        → failed (fail_funds: a later window may try again; fail_card also suspends
//                   the card's agreement at that channel, in the same transaction)
//   pending, duplicate, unknown codes → pending, queried on a back-off; after the last query
//                   → manual_review. Never failed, never sent again.
//
// Final orders: a success after `failed` is a late success (channels do this): it is listed,
// the order moves to succeeded and its money is allocated as above. A failure after
// `succeeded`, or a success of another amount after a final state, is listed as contradicting
// and changes nothing. A repeat of the final answer, or a stale "processing", is no news.
//
// A batch of answers is one transaction of a dozen statements whatever its size: orders are
// locked in id order, decided in memory, then moved, allocated, posted and published set-based.
import { createHash } from 'node:crypto';
import {
  fenToYuan,
  noComponents,
  owedOn,
  planCollection,
  SENT_UNFINISHED_DEBIT_STATUSES,
  totalOf,
  yuanToFen,
  type AccruedAfter as Accrued,
  type ChannelResultClass,
} from '@repay/rules';
import type { DebitStatus } from '@repay/db/schema';
import type { Clock } from '../../lib/clock';
import { AppError, notFound } from '../../lib/errors';
import { everyMs } from '../../lib/ttl';
import type { Executor } from '../../lib/executor';
import type { Transactor } from '../../lib/transaction';
import { recordAnomalies, type NewAnomaly } from '../anomalies';
import { suspendAgreementOnCardFailure, type ChannelAnswer, type OrderState } from '../channels';
import type { OutboxEvent, OutboxRepo } from '../events';
import {
  collectOnInstallments,
  lockLoansForCollection,
  lockQuoteOfSettlementDebit,
  quoteIdOfDebit,
  reopenQuotesOfFailedDebits,
  settleLoanByDebit,
} from '../loans';
import { debitCollectedJournal, postJournals, type Journal, type LedgerRepo } from '../ledger';
import { accruedAfter, lastAccruedDate, type Recalculation } from '../overdue';
import type { RuleResolver, RuleSnapshot } from '../rules';
import type { DebitAnswersRepo } from './answers.repo';
import type { DebitOrderRow, DebitsRepo, LockedInstallment, Move } from './debits.repo';
import type { DebitReviewRepo } from './review.repo';

/** Seconds before each compensation query; after the last one still unknown → manual review. */
export const QUERY_BACKOFF_SECONDS = [15, 60, 300, 1800, 7200] as const;

/**
 * A debit under manual review resolved as succeeded for more than this (yuan) waits for a
 * second finance user's approval (`REPAY_REVIEW_APPROVAL_ABOVE`).
 */
export const DEFAULT_REVIEW_APPROVAL_ABOVE = '5000.00';

type Repos = {
  /** This transaction, for the other modules' functions it calls (loans, overdue, anomalies). */
  tx: Executor;
  debits: DebitsRepo;
  debitAnswers: DebitAnswersRepo;
  debitReview: DebitReviewRepo;
  ledger: LedgerRepo;
  outbox: OutboxRepo;
};
type Actor = { type: string; id: string };
/** Where the answer came from: the debit's own response, a compensation query, a notification. */
export type AnswerSource = 'response' | 'query' | 'notification';

export interface OrderAnswer {
  orderKey: string;
  answer: ChannelAnswer<OrderState>;
  /** The channel that gave the answer; absent: the one the order was sent to (its response). */
  channelCode?: string;
}

const NOT_FINAL: DebitStatus[] = [...SENT_UNFINISHED_DEBIT_STATUSES];
const FAILED_CLASSES: ChannelResultClass[] = ['fail_funds', 'fail_card', 'fail_request'];

/** Penalty and fees accrued after a date, per installment id. */
type AccruedAfter = Map<string, Accrued>;
/** Late successes of one business date: their installments and what accrued after it. */
type LateGroup = { installmentIds: Set<bigint>; accruedAfter: AccruedAfter };

/** A success to apply: `late` when the order had failed before the channel said otherwise. */
type Success = {
  order: DebitOrderRow;
  answer: ChannelAnswer<OrderState>;
  source: AnswerSource | 'manual';
  late: boolean;
};

/** What one answer does to one order, decided in memory from the locked order. */
type Verdict =
  | { kind: 'settle'; late: boolean }
  | { kind: 'move'; move: Move; event?: OutboxEvent }
  | { kind: 'anomaly'; anomaly: 'contradicting_answer' }
  | { kind: 'none' };

const actorKey = (a: Actor) => `${a.type}:${a.id}`;
const yuanOrNull = (fen: bigint | undefined | null) =>
  fen === undefined || fen === null ? null : fenToYuan(fen);

/** The answer as evidence: what the channel said, where it came from, and the order then. */
function evidenceOf(
  answer: ChannelAnswer<OrderState>,
  source: AnswerSource | 'manual',
  order: DebitOrderRow | undefined,
  serial: string | null,
  reason: string,
) {
  return {
    reason,
    source,
    resultClass: answer.resultClass,
    rawCode: answer.rawCode,
    rawMessage: answer.rawMessage,
    orderId: answer.data.orderId ?? null,
    amount: yuanOrNull(answer.data.amountFen),
    channelSerial: answer.data.channelSerial ?? null,
    order: order
      ? {
          key: order.idempotencyKey,
          status: order.status,
          amount: fenToYuan(order.amount),
          channel: order.channelCode,
          channelSerial: serial,
        }
      : null,
  };
}

/** One anomaly per distinct answer: a repeat (a notification delivered twice) records nothing. */
function answerAnomalyKey(
  kind: string,
  channelCode: string | null,
  orderKey: string,
  answer: ChannelAnswer<OrderState>,
) {
  const content = [
    answer.resultClass,
    answer.rawCode,
    String(answer.data.amountFen ?? ''),
    answer.data.channelSerial ?? '',
    answer.data.orderId ?? '',
  ].join('|');
  const digest = createHash('sha256').update(content).digest('hex').slice(0, 24);
  return `${kind}:${channelCode ?? '-'}:${orderKey}:${digest}`;
}

export function createDebitResults(deps: {
  transaction: Transactor<Repos>;
  rules: RuleResolver;
  clock: Clock;
  recalculation: Recalculation;
  /** Yuan; default DEFAULT_REVIEW_APPROVAL_ABOVE. */
  reviewApprovalAbove?: string;
}) {
  const { transaction, rules, clock, recalculation } = deps;
  const approvalAboveFen = yuanToFen(deps.reviewApprovalAbove ?? DEFAULT_REVIEW_APPROVAL_ABOVE);
  const at = (seconds: number) => new Date(clock.now().getTime() + seconds * 1000);
  // Thousands of answers a second share one read of the allocation rules per second.
  const allocationRules = everyMs(1000, () => rules.snapshot('allocation'));

  /**
   * Why this answer may not touch this order (null: it may): it is about an order we do not
   * know, came from a channel the order was not sent to, or names another order id, amount or
   * serial. A success must name its amount: money is credited only for what the channel says it
   * took, and only when that is what we asked.
   */
  function mismatchOf(
    order: DebitOrderRow | undefined,
    answer: ChannelAnswer<OrderState>,
    channelCode: string | null,
    serial: string | null,
  ): { kind: NewAnomaly['kind']; reason: string } | null {
    if (!order) return { kind: 'unknown_order', reason: 'no debit order has this id' };
    if (order.channelCode === null || order.channelCode !== channelCode)
      return {
        kind: 'foreign_channel',
        reason: `the order was sent to ${order.channelCode ?? 'no channel'}, not ${channelCode ?? '?'}`,
      };
    const { orderId, amountFen, channelSerial } = answer.data;
    if (orderId !== undefined && orderId !== order.idempotencyKey)
      return { kind: 'unknown_order', reason: `the answer names order ${orderId}` };
    const final = !NOT_FINAL.includes(order.status) && order.status !== 'created';
    if (
      (amountFen !== undefined && amountFen !== order.amount) ||
      (amountFen === undefined && answer.resultClass === 'success')
    )
      return {
        kind: final ? 'contradicting_answer' : 'amount_mismatch',
        reason:
          amountFen === undefined
            ? 'a success without an amount'
            : `amount ${fenToYuan(amountFen)} ≠ ordered ${fenToYuan(order.amount)}`,
      };
    if (channelSerial !== undefined && serial !== null && channelSerial !== serial)
      return { kind: 'serial_mismatch', reason: `serial ${channelSerial} ≠ ${serial}` };
    return null;
  }

  /** Ask the channel again later (pending on the back-off; after the last query, review). */
  function askAgain(
    order: DebitOrderRow,
    answer: ChannelAnswer<OrderState>,
    note?: string,
  ): Verdict {
    if (order.status !== 'submitted' && order.status !== 'pending') return { kind: 'none' };
    const asked = order.queryAttempts;
    const exhausted = asked >= QUERY_BACKOFF_SECONDS.length;
    return {
      kind: 'move',
      move: {
        id: order.id,
        from: ['submitted', 'pending'],
        to: exhausted ? 'manual_review' : 'pending',
        patch: {
          resultClass: 'pending',
          rawCode: answer.rawCode,
          rawMessage: note ? `${note}: ${answer.rawMessage}` : answer.rawMessage,
          nextQueryAt: exhausted ? null : at(QUERY_BACKOFF_SECONDS[asked]!),
          // The channel's serial is kept from the first answer that names it: later answers
          // must name the same.
          ...(note ? {} : { channelSerial: answer.data.channelSerial ?? null }),
        },
      },
    };
  }

  /** An answer that matches its order (mismatchOf said null). */
  function verdictOf(
    order: DebitOrderRow,
    answer: ChannelAnswer<OrderState>,
    source: AnswerSource,
  ): Verdict {
    const failClass = FAILED_CLASSES.includes(answer.resultClass);
    if (order.status === 'succeeded')
      return failClass ? { kind: 'anomaly', anomaly: 'contradicting_answer' } : { kind: 'none' };
    if (order.status === 'failed')
      return answer.resultClass === 'success' ? { kind: 'settle', late: true } : { kind: 'none' };
    if (order.status === 'created')
      // Never sent (or not yet): nothing the channel says about it can be right.
      return answer.resultClass === 'success' || failClass
        ? { kind: 'anomaly', anomaly: 'contradicting_answer' }
        : { kind: 'none' };
    if (answer.resultClass === 'success') return { kind: 'settle', late: false };
    // A query refused ("order not found", bad parameters) says nothing about the debit:
    // the channel may not have it yet. Only an answer about the order itself fails it.
    if (failClass && !(source === 'query' && answer.resultClass === 'fail_request'))
      return {
        kind: 'move',
        move: {
          id: order.id,
          from: NOT_FINAL,
          to: 'failed',
          patch: {
            resultClass: answer.resultClass,
            rawCode: answer.rawCode,
            rawMessage: answer.rawMessage,
            channelSerial: answer.data.channelSerial ?? null,
            nextQueryAt: null,
            finished: true,
          },
        },
        event: {
          eventId: `debit.failed:${order.idempotencyKey}`,
          topic: 'debit.failed',
          aggregateType: 'debit_order',
          aggregateId: order.idempotencyKey,
          payload: {
            amount: fenToYuan(order.amount),
            resultClass: answer.resultClass,
            rawCode: answer.rawCode,
            channel: order.channelCode,
          },
        },
      };
    // pending, duplicate, or a code nobody knows: ask again later, never fail.
    return askAgain(order, answer);
  }

  /** Money no installment owed, held in suspense: listed to be refunded. */
  const overpayment = (
    order: DebitOrderRow,
    amount: bigint,
    source: Success['source'],
    reason: string,
  ): NewAnomaly => ({
    anomalyKey: `overpayment:${order.idempotencyKey}`,
    kind: 'overpayment',
    channelCode: order.channelCode,
    orderKey: order.idempotencyKey,
    debitOrderId: order.id,
    loanId: order.loanId,
    amount,
    evidence: {
      reason,
      source,
      order: {
        key: order.idempotencyKey,
        status: order.status,
        amount: fenToYuan(order.amount),
        channel: order.channelCode,
      },
      unallocated: fenToYuan(amount),
    },
  });

  /** A success learned after the order had failed. */
  const lateSuccess = (s: Success): NewAnomaly => ({
    anomalyKey: `late_success:${s.order.idempotencyKey}`,
    kind: 'late_success',
    channelCode: s.order.channelCode,
    orderKey: s.order.idempotencyKey,
    debitOrderId: s.order.id,
    loanId: s.order.loanId,
    amount: s.order.amount,
    evidence: evidenceOf(s.answer, s.source, s.order, null, 'a success after the order failed'),
  });

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

  const successMove = (
    order: DebitOrderRow,
    answer: ChannelAnswer<OrderState>,
    late: boolean,
  ): Move => ({
    id: order.id,
    from: late ? ['failed'] : NOT_FINAL,
    to: 'succeeded',
    patch: {
      resultClass: 'success',
      rawCode: answer.rawCode,
      rawMessage: late ? `late success: ${answer.rawMessage}` : answer.rawMessage,
      channelSerial: answer.data.channelSerial ?? null,
      nextQueryAt: null,
      finished: true,
    },
  });

  /**
   * Settlement debits that succeeded: the loan settles as quoted, also when the success comes
   * after the debit failed and the quote was given back (it is still the loan's state). Should
   * the loan have changed since the quote, or the quote have been used, the money is held in
   * suspense and listed as an overpayment instead of being forced onto changed installments.
   */
  async function settleQuotes(
    repos: Repos,
    successes: Success[],
    actor: Actor,
  ): Promise<Set<bigint>> {
    if (successes.length === 0) return new Set();
    const moved = await repos.debits.transitionMany(
      successes.map((s) => successMove(s.order, s.answer, s.late)),
      actor,
    );
    for (const s of successes.filter((x) => moved.has(x.order.id))) {
      const { order } = s;
      const quote = await lockQuoteOfSettlementDebit(repos.tx, order.idempotencyKey);
      const [inst] = (await repos.debits.lockInstallments([order.installmentId])).values();
      if (!quote || !inst)
        throw new Error(`settlement debit ${order.idempotencyKey} lost its quote`);
      const applied = await settleLoanByDebit(repos.tx, {
        quote,
        loanId: order.loanId,
        orderNo: inst.orderNo,
        funderCode: inst.funderCode,
        orderKey: order.idempotencyKey,
        effectiveDate: order.businessDate,
      });
      if (!applied)
        await postJournals(repos.ledger, [
          debitCollectedJournal({
            orderKey: order.idempotencyKey,
            loanId: order.loanId,
            funderCode: inst.funderCode,
            effectiveDate: order.businessDate,
            paid: noComponents(),
            unallocated: order.amount,
          }),
        ]);
      await recordAnomalies(repos.tx, [
        ...(s.late ? [lateSuccess(s)] : []),
        ...(applied
          ? []
          : [
              overpayment(
                order,
                order.amount,
                s.source,
                'the settlement quote was used or the loan changed since it',
              ),
            ]),
      ]);
      await repos.outbox.add({
        eventId: `debit.succeeded:${order.idempotencyKey}`,
        topic: 'debit.succeeded',
        aggregateType: 'debit_order',
        aggregateId: order.idempotencyKey,
        payload: {
          orderNo: inst.orderNo,
          amount: fenToYuan(order.amount),
          channel: order.channelCode,
          unallocated: fenToYuan(applied ? 0n : order.amount),
          loanSettled: applied,
        },
      });
    }
    return moved;
  }

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

  /**
   * Apply answers (by order key) in one transaction; returns the keys of the orders that
   * moved. Safe to call any number of times, in any order, from any source. Two answers about
   * the same order in one batch are applied one after the other.
   */
  async function applyMany(
    answers: OrderAnswer[],
    actor: Actor,
    source: AnswerSource,
  ): Promise<Set<string>> {
    if (answers.length === 0) return new Set();
    const seen = new Set<string>();
    const first: OrderAnswer[] = [];
    const again: OrderAnswer[] = [];
    for (const a of answers) {
      if (seen.has(a.orderKey)) again.push(a);
      else first.push(a);
      seen.add(a.orderKey);
    }
    // Rules are read before the transaction: a transaction holds its own connection.
    const allocation = await allocationRules();
    const moved = await transaction(async (repos) => {
      const orders = new Map(
        (await repos.debits.lockOrdersByKeys(first.map((a) => a.orderKey))).map((o) => [
          o.idempotencyKey,
          o,
        ]),
      );
      // Only an order that has answered before can have a serial (a window's batch has none).
      const serials = await repos.debitAnswers.serialsOf(
        [...orders.values()].filter((o) => o.status !== 'submitted').map((o) => o.id),
      );
      const successes: Success[] = [];
      const moves: Move[] = [];
      const events = new Map<bigint, OutboxEvent>();
      const anomalies: NewAnomaly[] = [];
      const cardFailures: { order: DebitOrderRow; answer: ChannelAnswer<OrderState> }[] = [];
      for (const { orderKey, answer, channelCode } of first) {
        const order = orders.get(orderKey);
        const from = channelCode ?? order?.channelCode ?? null;
        const serial = order ? (serials.get(order.id) ?? null) : null;
        const mismatch = mismatchOf(order, answer, from, serial);
        const verdict: Verdict = mismatch
          ? source === 'notification' || !order
            ? { kind: 'none' }
            : askAgain(order, answer, `not applied (${mismatch.reason})`)
          : verdictOf(order!, answer, source);
        const kept =
          mismatch ??
          (verdict.kind === 'anomaly'
            ? {
                kind: verdict.anomaly,
                reason: `${answer.resultClass} after the order was ${order!.status}`,
              }
            : null);
        if (kept)
          anomalies.push({
            anomalyKey: answerAnomalyKey(kept.kind, from, orderKey, answer),
            kind: kept.kind,
            channelCode: from,
            orderKey,
            debitOrderId: order?.id ?? null,
            loanId: order?.loanId ?? null,
            amount: answer.data.amountFen ?? null,
            evidence: evidenceOf(answer, source, order, serial, kept.reason),
          });
        if (verdict.kind === 'settle')
          successes.push({ order: order!, answer, source, late: verdict.late });
        if (verdict.kind === 'move') {
          moves.push(verdict.move);
          if (verdict.event) events.set(order!.id, verdict.event);
        }
        if (!mismatch && answer.resultClass === 'fail_card' && order?.cardId)
          cardFailures.push({ order, answer });
      }
      const ids = new Set([
        ...(await repos.debits.transitionMany(moves, actor)),
        ...(await settleMany(repos, allocation, successes, actor)),
      ]);
      // A frozen or lost card stops debits at that channel, whichever way its answer came.
      for (const { order, answer } of cardFailures)
        if (ids.has(order.id) || order.status === 'failed')
          await suspendAgreementOnCardFailure(repos.tx, order.cardId!, order.channelCode!, answer, {
            type: 'system',
            id: `debit:${order.idempotencyKey}`,
          });
      // A failed settlement debit gives its quote back (to be used again until it expires).
      const keyOf = new Map([...orders.values()].map((o) => [o.id, o.idempotencyKey]));
      await reopenQuotesOfFailedDebits(
        repos.tx,
        moves.filter((m) => m.to === 'failed' && ids.has(m.id)).map((m) => keyOf.get(m.id)!),
      );
      // An order the channel settled while a person's resolution waited: that proposal is moot.
      await repos.debitReview.supersedeFor(
        [...orders.values()]
          .filter((o) => o.status === 'manual_review' && ids.has(o.id))
          .map((o) => o.id),
      );
      await recordAnomalies(repos.tx, anomalies);
      await repos.outbox.addMany([...events].filter(([id]) => ids.has(id)).map(([, e]) => e));
      return new Set(
        [...orders.values()].filter((o) => ids.has(o.id)).map((o) => o.idempotencyKey),
      );
    });
    if (again.length > 0) for (const key of await applyMany(again, actor, source)) moved.add(key);
    return moved;
  }

  /** Settle (success) or close (failure) an order under manual review on a person's word. */
  async function resolveNow(
    repos: Repos,
    allocation: RuleSnapshot<'allocation'>,
    order: DebitOrderRow,
    outcome: 'succeeded' | 'failed',
    evidence: string,
    actor: Actor,
  ): Promise<boolean> {
    if (outcome === 'succeeded') {
      const answer = {
        resultClass: 'success' as const,
        rawCode: 'MANUAL',
        rawMessage: evidence,
        data: {},
      };
      const successes: Success[] = [{ order, answer, source: 'manual', late: false }];
      return (await settleMany(repos, allocation, successes, actor)).has(order.id);
    }
    const failed = await repos.debits.transition(
      order.id,
      ['manual_review'],
      'failed',
      { resultClass: null, rawCode: 'MANUAL', rawMessage: evidence, finished: true },
      actor,
    );
    if (failed) await reopenQuotesOfFailedDebits(repos.tx, [order.idempotencyKey]);
    return failed;
  }

  return {
    applyMany,

    /** Apply one answer about an order (by its key); true when the order moved. */
    apply: async (
      orderKey: string,
      answer: ChannelAnswer<OrderState>,
      actor: Actor,
      source: AnswerSource,
      channelCode?: string,
    ) => (await applyMany([{ orderKey, answer, channelCode }], actor, source)).has(orderKey),

    /** The approval limit for resolutions as succeeded, in yuan. */
    reviewApprovalAbove: fenToYuan(approvalAboveFen),

    /**
     * Finance decides an order under manual review, with the evidence (statement line, bank
     * reply): success settles it exactly like a channel success; failure closes it. A success
     * above the approval limit credits money on one person's word: it is proposed, and waits
     * for another user's approval (decideResolution). Null when the order is not under review.
     */
    resolveByHand: async (
      orderKey: string,
      outcome: 'succeeded' | 'failed',
      evidence: { text: string; reason: string },
      actor: Actor,
    ): Promise<{
      status: 'succeeded' | 'failed' | 'pending_approval';
      resolutionId?: string;
    } | null> => {
      const allocation = await rules.snapshot('allocation');
      return transaction(async (repos) => {
        const [order] = await repos.debits.lockOrdersByKeys([orderKey]);
        if (!order || order.status !== 'manual_review') return null;
        if (await repos.debitReview.pendingOf(order.id))
          throw new AppError(
            'CONFLICT',
            'a resolution of this order waits for approval: approve or reject it first',
            { field: 'orderKey' },
          );
        if (outcome === 'succeeded' && order.amount > approvalAboveFen) {
          const id = await repos.debitReview.propose({
            debitOrderId: order.id,
            outcome,
            evidence: evidence.text,
            reason: evidence.reason,
            proposedBy: actorKey(actor),
          });
          if (id === null)
            throw new AppError('CONFLICT', 'a resolution of this order waits for approval', {
              field: 'orderKey',
            });
          return { status: 'pending_approval' as const, resolutionId: String(id) };
        }
        const text = `${evidence.text} (${evidence.reason})`;
        const moved = await resolveNow(repos, allocation, order, outcome, text, actor);
        return moved ? { status: outcome } : null;
      });
    },

    /**
     * Another user approves (the order settles as the proposal says) or rejects a resolution
     * waiting for approval; the proposer never decides their own. An order the channel settled
     * meanwhile supersedes the proposal.
     */
    decideResolution: async (
      resolutionId: bigint,
      decision: { approve: boolean; note: string },
      actor: Actor,
    ) => {
      const allocation = await rules.snapshot('allocation');
      const outcome = await transaction(async (repos) => {
        const proposal = await repos.debitReview.lock(resolutionId);
        if (!proposal) throw notFound(`resolution ${resolutionId}`, 'resolutionId');
        if (proposal.status !== 'pending_approval')
          throw new AppError('CONFLICT', `this resolution is ${proposal.status}`, {
            field: 'resolutionId',
          });
        if (proposal.proposedBy === actorKey(actor))
          throw new AppError(
            'FORBIDDEN',
            'a resolution is approved by someone other than who proposed it',
            { field: 'resolutionId' },
          );
        if (!decision.approve) {
          await repos.debitReview.decide(resolutionId, 'rejected', actorKey(actor), decision.note);
          return { ...proposal, status: 'rejected' as const };
        }
        const [order] = await repos.debits.lockOrdersByKeys([proposal.orderKey]);
        if (!order || order.status !== 'manual_review') {
          await repos.debitReview.decide(
            resolutionId,
            'superseded',
            null,
            `the order is ${order?.status}`,
          );
          return { ...proposal, status: 'superseded' as const };
        }
        const text = `${proposal.evidence} (${proposal.reason}; proposed by ${proposal.proposedBy}, approved: ${decision.note})`;
        await resolveNow(repos, allocation, order, proposal.outcome, text, actor);
        await repos.debitReview.decide(resolutionId, 'approved', actorKey(actor), decision.note);
        return { ...proposal, status: 'approved' as const };
      });
      if (outcome.status === 'superseded')
        throw new AppError('CONFLICT', 'the order is no longer under manual review', {
          field: 'resolutionId',
        });
      return outcome;
    },

    /**
     * Orders the channel does not have and that will not be sent (no channel could take them,
     * `NO_ROUTE`; or the debit guard's rule no longer allows them, `NOT_SENT`/`NOT_RESENT`):
     * failed with the reason, their quotes open again. Safe whatever happens next: the channel
     * holds nothing of them, and a later answer about one is recorded, never dropped.
     */
    noRoute: async (
      orders: { order: DebitOrderRow; reason: string }[],
      actor: Actor,
      how: { from: DebitStatus[]; rawCode: string } = { from: ['created'], rawCode: 'NO_ROUTE' },
    ) =>
      transaction(async (repos) => {
        const moved = await repos.debits.transitionMany(
          orders.map(({ order, reason }) => ({
            id: order.id,
            from: how.from,
            to: 'failed',
            patch: { resultClass: null, rawCode: how.rawCode, rawMessage: reason, finished: true },
          })),
          actor,
        );
        await reopenQuotesOfFailedDebits(
          repos.tx,
          orders
            .filter(({ order }) => moved.has(order.id))
            .map(({ order }) => order.idempotencyKey),
        );
        return moved;
      }),
  };
}

export type DebitResults = ReturnType<typeof createDebitResults>;
