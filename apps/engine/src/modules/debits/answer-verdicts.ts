// What a channel answer does to a debit order, decided in memory from the locked order: whether
// it may touch the order at all (mismatchOf), and then its verdict (settle, move, anomaly, none).
import { createHash } from 'node:crypto';
import { fenToYuan, SENT_UNFINISHED_DEBIT_STATUSES, type ChannelResultClass } from '@repay/rules';
import type { DebitStatus } from '@repay/db/schema';
import type { Clock } from '../../lib/clock';
import type { NewAnomaly } from '../anomalies';
import type { ChannelAnswer, OrderState } from '../channels';
import type { OutboxEvent } from '../events';
import type { DebitOrderRow, Move } from './debits.repo';

/** Seconds before each compensation query; after the last one still unknown → manual review. */
export const QUERY_BACKOFF_SECONDS = [15, 60, 300, 1800, 7200] as const;
/** Where the answer came from: the debit's own response, a compensation query, a notification, the channel's statement file. */
export type AnswerSource = 'response' | 'query' | 'notification' | 'statement';

export const NOT_FINAL: DebitStatus[] = [...SENT_UNFINISHED_DEBIT_STATUSES];
const FAILED_CLASSES: ChannelResultClass[] = ['fail_funds', 'fail_card', 'fail_request'];

/** What one answer does to one order, decided in memory from the locked order. */
export type Verdict =
  | { kind: 'settle'; late: boolean }
  | { kind: 'move'; move: Move; event?: OutboxEvent }
  | { kind: 'anomaly'; anomaly: 'contradicting_answer' }
  | { kind: 'none' };

const yuanOrNull = (fen: bigint | undefined | null) =>
  fen === undefined || fen === null ? null : fenToYuan(fen);
/** The answer as evidence: what the channel said, where it came from, and the order then. */
export function evidenceOf(
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

export function answerAnomalyKey(
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

/** Verdicts on answers; a pending answer's next query is due on the business clock. */
export function createAnswerVerdicts(clock: Clock) {
  const at = (seconds: number) => new Date(clock.now().getTime() + seconds * 1000);

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
    // Reversed by finance because the channel's statement did not bear the success out: a
    // success now is for people to look at, never money applied a second time.
    if (order.status === 'reversed')
      return answer.resultClass === 'success'
        ? { kind: 'anomaly', anomaly: 'contradicting_answer' }
        : { kind: 'none' };
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

  return { mismatchOf, askAgain, verdictOf };
}
