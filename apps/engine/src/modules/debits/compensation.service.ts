// Compensation (docs/domain.md: unknown is not failure): orders whose answer is pending, or that
// were submitted and never answered, are queried at the channel on a back-off. A definite
// answer settles them; still unknown after the last query → manual review. Never failed by
// us. An order the channel says it has no such order of, and never acknowledged, is sent
// again with the same order id (resendIfNeverReceived) within its business day, a few times.
import { SENT_UNFINISHED_DEBIT_STATUSES } from '@repay/rules';
import type { Clock } from '../../lib/clock';
import { forEachLimit } from '../../lib/pool';
import type { ChannelAnswer, ChannelRouting, OrderState } from '../channels';
import type { DebitOrderRow, DebitsRepo } from './debits.repo';
import { createAnswerBatches } from './answer-batches';
import type { DebitResults } from './results.service';
import { FIRST_QUERY_SECONDS } from './submission';

/**
 * Times an order is sent again while the channel keeps having no such order. A call lost with
 * a dead worker needs one; more than a few means something else (the channel refuses the order
 * without a trace), and the order goes on as unknown, to the statement or a person.
 */
export const MAX_RESENDS = 3;
/** A `created` order this many seconds old (wall clock) was cut off before its send. */
const STALE_CREATED_SECONDS = 60;
/**
 * Queries a sweep has out at once, whatever the channels: each channel's gate keeps its own
 * limits; this only bounds the calls signed and waiting for their gates.
 */
const QUERIES_IN_FLIGHT = 256;

export function createDebitCompensation(deps: {
  repo: DebitsRepo;
  results: DebitResults;
  routing: ChannelRouting;
  clock: Clock;
  notifyUrl?: (channelCode: string) => string;
  /** Route and send orders made `created` (by key): the first send of a settlement debit. */
  sendCreated: (orderKeys: string[]) => Promise<void>;
}) {
  const { repo, results, routing, clock, notifyUrl, sendCreated } = deps;
  const actor = { type: 'system', id: 'compensation' };

  /**
   * The channel says it has no such order, and never acknowledged it (the order was submitted
   * and never answered: its call died with its worker; or it was answered busy, or not in time):
   * it never received it, so it is sent again with the same order id, at once. The channel
   * de-duplicates on the id: a call that did arrive after all is answered as that order (or as
   * a duplicate, which the state machine queries), never taken twice. Only within the order's
   * business day, at most MAX_RESENDS times, each counted on the order with an event; the
   * answer is applied like any debit's. False when the query's answer is to be applied as it is.
   */
  async function resendIfNeverReceived(
    order: DebitOrderRow,
    answer: ChannelAnswer<OrderState>,
  ): Promise<boolean> {
    if (answer.channelHasOrder !== false || !order.channelCode) return false;
    const context = (await repo.routingContextOf([order.id])).get(order.id);
    if (!context) return false;
    const now = clock.now();
    const resends = await repo.markResent(
      order.id,
      {
        today: clock.today(),
        dueBy: now,
        maxResends: MAX_RESENDS,
        heldCodes: await routing.orderHeldCodes(order.channelCode),
        nextQueryAt: new Date(now.getTime() + FIRST_QUERY_SECONDS * 1000),
        reason: `the channel has no such order (${answer.rawCode} ${answer.rawMessage})`,
      },
      actor,
    );
    if (resends === 'refused') {
      // The channel never had it, and the loan may not be debited now: it ends here.
      await results.noRoute(
        [{ order, reason: 'not sent again: the loan was paid, changed or paused meanwhile' }],
        actor,
        { from: ['submitted', 'pending'], rawCode: 'NOT_RESENT' },
      );
      return true;
    }
    if (resends === null) return false;
    const answers = await routing.sendDebits(
      [
        {
          orderId: order.idempotencyKey,
          channelCode: order.channelCode,
          cardId: context.cardId,
          bankCode: context.bankCode,
          amountFen: order.amount,
          notifyUrl: notifyUrl?.(order.channelCode),
        },
      ],
      { batch: true },
    );
    await results.applyMany(
      [...answers].map(([orderKey, sent]) => ({ orderKey, answer: sent })),
      actor,
      'response',
    );
    return true;
  }

  return {
    /** Ask the channel about one order now (console); true when the answer moved it. */
    async queryNow(orderKey: string, actor: { type: string; id: string }): Promise<boolean> {
      const order = await repo.orderByKey(orderKey);
      if (
        !order?.channelCode ||
        !(SENT_UNFINISHED_DEBIT_STATUSES as readonly string[]).includes(order.status)
      )
        return false;
      await repo.countQuery(order.id);
      const answer = await routing.queryOrder(order.channelCode, order.idempotencyKey);
      if (await resendIfNeverReceived(order, answer)) return true;
      return results.apply(order.idempotencyKey, answer, actor, 'query', order.channelCode);
    },

    /**
     * Query every order that is due for it (up to `limit`), in parallel: each channel's gate
     * (its concurrency and rate, shared with the debits) decides how many are out at once, and
     * the answers are applied as they arrive, in batches. Returns how many were asked.
     */
    async sweep(limit = 500): Promise<number> {
      // Orders made and never sent (the process died between a settlement's commit and its
      // send, or a shard's worker before failing an unroutable order): sent now if the debit
      // guard's rule still allows them, else failed (and their quotes opened again).
      const stale = await repo.staleCreated(STALE_CREATED_SECONDS, limit);
      if (stale.length > 0) await sendCreated(stale.map((o) => o.idempotencyKey));
      const due = (await repo.dueForQuery(clock.now(), limit)).filter((o) => o.channelCode);
      const counted = await repo.countQueries(due.map((o) => o.id));
      const asking = due.filter((o) => counted.has(o.id));
      const batches = createAnswerBatches((answers) => results.applyMany(answers, actor, 'query'));
      try {
        await forEachLimit(asking, QUERIES_IN_FLIGHT, async (order) => {
          const channelCode = order.channelCode!;
          const answer = await routing.queryOrder(channelCode, order.idempotencyKey, {
            batch: true,
          });
          if (!(await resendIfNeverReceived(order, answer)))
            batches.add({ orderKey: order.idempotencyKey, answer, channelCode });
        });
      } finally {
        await batches.drain();
      }
      return asking.length;
    },
  };
}

export type DebitCompensation = ReturnType<typeof createDebitCompensation>;
