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
// The verdicts are in answer-verdicts.ts, the successes' money in successes.ts (settlement
// debits in settle-quotes.ts), decisions by people in manual-review.ts.
import type { DebitStatus } from '@repay/db/schema';
import type { Clock } from '../../lib/clock';
import { everyMs } from '../../lib/ttl';
import type { Transactor } from '../../lib/transaction';
import { recordAnomalies, type NewAnomaly } from '../anomalies';
import { suspendAgreementOnCardFailure, type ChannelAnswer, type OrderState } from '../channels';
import type { OutboxEvent } from '../events';
import { reopenQuotesOfFailedDebits } from '../loans';
import type { Recalculation } from '../overdue';
import type { RuleResolver } from '../rules';
import {
  answerAnomalyKey,
  createAnswerVerdicts,
  evidenceOf,
  type AnswerSource,
  type Verdict,
} from './answer-verdicts';
import type { DebitOrderRow, Move } from './debits.repo';
import { createManualReview } from './manual-review';
import type { Actor, Repos } from './results.types';
import type { Success } from './success-records';
import { createSuccessSettlement } from './successes';
import { createDebitReversal } from './reversal';

export interface OrderAnswer {
  orderKey: string;
  answer: ChannelAnswer<OrderState>;
  /** The channel that gave the answer; absent: the one the order was sent to (its response). */
  channelCode?: string;
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
  const { mismatchOf, askAgain, verdictOf } = createAnswerVerdicts(clock);
  const { settleMany } = createSuccessSettlement({ clock, recalculation });
  const review = createManualReview({
    transaction,
    rules,
    settleMany,
    reviewApprovalAbove: deps.reviewApprovalAbove,
  });
  // Thousands of answers a second share one read of the allocation rules per second.
  const allocationRules = everyMs(1000, () => rules.snapshot('allocation'));

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

  const reverse = createDebitReversal({ transaction, clock });

  return {
    applyMany,

    /**
     * Reverse one of our successes the channel's statement does not bear out (冲正): the
     * installment owes it again, the collection's journal is undone, the order is `reversed`.
     */
    reverse,

    /** Apply one answer about an order (by its key); true when the order moved. */
    apply: async (
      orderKey: string,
      answer: ChannelAnswer<OrderState>,
      actor: Actor,
      source: AnswerSource,
      channelCode?: string,
    ) => (await applyMany([{ orderKey, answer, channelCode }], actor, source)).has(orderKey),

    ...review,

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
