// Compensation (DOMAIN.md: unknown is not failure): orders whose answer is pending, or that
// were submitted and never answered, are queried at the channel on a back-off. A definite
// answer settles them; still unknown after the last query → manual review. Never failed by
// us, never sent again.
import type { Clock } from '../../lib/clock';
import type { ChannelRouting } from '../channels';
import type { DebitsRepo } from './debits.repo';
import type { DebitResults } from './results.service';

export function createDebitCompensation(deps: {
  repo: DebitsRepo;
  results: DebitResults;
  routing: ChannelRouting;
  clock: Clock;
}) {
  const { repo, results, routing, clock } = deps;
  const actor = { type: 'system', id: 'compensation' };

  return {
    /** Ask the channel about one order now (console); true when the answer moved it. */
    async queryNow(orderKey: string, actor: { type: string; id: string }): Promise<boolean> {
      const order = await repo.orderByKey(orderKey);
      if (!order?.channelCode || !['submitted', 'pending', 'manual_review'].includes(order.status))
        return false;
      await repo.countQuery(order.id);
      const answer = await routing.queryOrder(order.channelCode, order.idempotencyKey);
      return results.apply(order.idempotencyKey, answer, actor, 'query', order.channelCode);
    },

    /** Query every order that is due for it (up to `limit`); returns how many were asked. */
    async sweep(limit = 500): Promise<number> {
      const due = await repo.dueForQuery(clock.now(), limit);
      let asked = 0;
      for (const order of due) {
        if (!order.channelCode || !(await repo.countQuery(order.id))) continue;
        const answer = await routing.queryOrder(order.channelCode, order.idempotencyKey);
        await results.apply(order.idempotencyKey, answer, actor, 'query', order.channelCode);
        asked++;
      }
      return asked;
    },
  };
}

export type DebitCompensation = ReturnType<typeof createDebitCompensation>;
