// A chunk of debits from routing to applied answers. Window orders are routed first and
// inserted already submitted (one write per order, committed before any call); orders that
// exist as `created` (a settlement debit; an unroutable window order whose worker died
// before failing it) are routed and moved to submitted. Either way nothing is sent before
// its submitted row is committed, and each channel's gate decides how many calls are in
// flight.
import { fenToYuan } from '@repay/rules';
import type { Clock } from '../../lib/clock';
import type { Agreement, ChannelRouting, RoutedDebit } from '../channels';
import { quoteIdOfDebit } from '../loans';
import type { DebitCandidate, DebitOrderRow, DebitsRepo, Move, NewOrder } from './debits.repo';
import { createAnswerBatches } from './answer-batches';
import type { DebitResults } from './results.service';

/** What routing and sending need of an order's loan and card. */
export type RoutingContext = Pick<
  DebitCandidate,
  'loanId' | 'orderNo' | 'businessLine' | 'funderCode' | 'productCode' | 'cardId' | 'bankCode'
>;

/** A submitted order has no answer after this long: it is queried. */
export const FIRST_QUERY_SECONDS = 60;

/** The channel and amount routing chose for an order, or why there is none. */
type Decided =
  | { reason: string }
  | {
      channelCode: string;
      routing: { decisionId: string; route: unknown; ruleVersionId: string | null };
      amountFen: bigint;
      split: { rawCode: string; rawMessage: string } | null;
    };

function decide(routed: RoutedDebit, amountFen: bigint, settlement: boolean): Decided {
  const { decision, split } = routed;
  // A settlement is the quoted amount or nothing: it is never split.
  if (split && settlement)
    return { reason: 'the settlement amount is above the channel’s single limit' };
  if (!decision.chosen) {
    const reasons = decision.candidates
      .map((k) => `${k.code}:${k.excluded ?? 'degraded'}`)
      .join(', ');
    return { reason: reasons || 'no channel in the route' };
  }
  return {
    channelCode: decision.chosen,
    routing: {
      decisionId: String(decision.id),
      route: decision.route,
      ruleVersionId: decision.ruleVersionId === null ? null : String(decision.ruleVersionId),
    },
    amountFen: routed.amountFen,
    split: split
      ? {
          rawCode: 'SPLIT',
          rawMessage: `split at the channel's limits: ${fenToYuan(routed.amountFen)} of ${fenToYuan(amountFen)} now, the rest stays due`,
        }
      : null,
  };
}

/** The agreement routing read for the order (undefined: not routed here, read it again). */
const agreementOf = (routed: Map<string, RoutedDebit>, key: string): Agreement | null | undefined =>
  routed.get(key)?.agreement;

const toRoute = (key: string, c: RoutingContext, amountFen: bigint, installmentId: bigint) => ({
  orderId: key,
  loan: {
    loanId: c.loanId,
    orderNo: c.orderNo,
    businessLine: c.businessLine,
    funderCode: c.funderCode,
    productCode: c.productCode,
  },
  card: { cardId: c.cardId, bankCode: c.bankCode },
  amountFen,
  installmentId,
});

export function createSubmission(deps: {
  repo: DebitsRepo;
  results: DebitResults;
  routing: ChannelRouting;
  clock: Clock;
  actor: { type: string; id: string };
  notifyUrl?: (channelCode: string) => string;
}) {
  const { repo, results, routing, clock, actor, notifyUrl } = deps;
  const firstQueryAt = () => new Date(clock.now().getTime() + FIRST_QUERY_SECONDS * 1000);

  /**
   * Send submitted orders through their channels' gates and apply the answers as they arrive
   * (in small batches: a worker that dies while some calls are out keeps the answers it had).
   */
  async function sendAndApply(
    orders: DebitOrderRow[],
    contextOf: (o: DebitOrderRow) => RoutingContext,
    routed: Map<string, RoutedDebit>,
  ) {
    // An order not sent at all (its agreement went away a moment ago) comes back as a
    // fail_request with raw code NO_AGREEMENT: the channel has nothing of it, so it fails.
    const batches = createAnswerBatches((answers) => results.applyMany(answers, actor, 'response'));
    try {
      await routing.sendDebits(
        orders.map((order) => ({
          orderId: order.idempotencyKey,
          channelCode: order.channelCode!,
          cardId: contextOf(order).cardId,
          bankCode: contextOf(order).bankCode,
          amountFen: order.amount,
          notifyUrl: notifyUrl?.(order.channelCode!),
          agreement: agreementOf(routed, order.idempotencyKey),
        })),
        { batch: true, onAnswer: (orderKey, answer) => batches.add({ orderKey, answer }) },
      );
    } finally {
      await batches.drain();
    }
  }

  return {
    /**
     * A window's eligible installments: routed, inserted as submitted (an order that exists
     * already, or an installment in flight, is not ours to send), sent, answers applied. One
     * without a route is made `created` and failed with the reason, as before any call.
     */
    async submitNew(
      made: (NewOrder & { context: RoutingContext })[],
      run: { businessDate: string; window: string; runId: bigint },
    ) {
      const routed = await routing.routeDebits(
        made.map((o) => toRoute(o.idempotencyKey, o.context, o.amount, o.installmentId)),
        { batch: true },
      );
      const toSubmit: Parameters<DebitsRepo['insertSubmittedOrders']>[0] = [];
      const noRoute = new Map<string, string>();
      const contextOf = new Map<string, RoutingContext>();
      for (const order of made) {
        const decided = decide(routed.get(order.idempotencyKey)!, order.amount, false);
        if ('reason' in decided) {
          noRoute.set(order.idempotencyKey, decided.reason);
          continue;
        }
        contextOf.set(order.idempotencyKey, order.context);
        toSubmit.push({
          ...order,
          amount: decided.amountFen,
          channelCode: decided.channelCode,
          routing: decided.routing,
          rawCode: decided.split?.rawCode ?? null,
          rawMessage: decided.split?.rawMessage ?? null,
        });
      }
      const submitted = await repo.insertSubmittedOrders(
        toSubmit,
        { ...run, nextQueryAt: firstQueryAt() },
        actor,
      );
      if (noRoute.size > 0) {
        const created = await repo.createOrders(
          made.filter((o) => noRoute.has(o.idempotencyKey)),
          run,
        );
        await results.noRoute(
          created.map((order) => ({ order, reason: noRoute.get(order.idempotencyKey)! })),
          actor,
        );
      }
      await sendAndApply(submitted, (o) => contextOf.get(o.idempotencyKey)!, routed);
    },

    /**
     * Orders made `created` (a settlement debit; a window order a shard made before the
     * shard's worker died): routed, moved to submitted and committed, sent, answers applied.
     */
    async submitCreated(orders: DebitOrderRow[], contexts: Map<bigint, RoutingContext>) {
      const routable = orders.filter((o) => contexts.has(o.id));
      const routed = await routing.routeDebits(
        routable.map((o) =>
          toRoute(o.idempotencyKey, contexts.get(o.id)!, o.amount, o.installmentId),
        ),
        { batch: true },
      );
      const noRoute = orders
        .filter((o) => !contexts.has(o.id))
        .map((order) => ({ order, reason: 'the order has no card' }));
      const moves: Move[] = [];
      for (const order of routable) {
        const settlement = quoteIdOfDebit(order.idempotencyKey) !== null;
        const decided = decide(routed.get(order.idempotencyKey)!, order.amount, settlement);
        if ('reason' in decided) {
          noRoute.push({ order, reason: decided.reason });
          continue;
        }
        moves.push({
          id: order.id,
          from: ['created'],
          to: 'submitted',
          patch: {
            channelCode: decided.channelCode,
            routing: decided.routing,
            nextQueryAt: firstQueryAt(),
            submitted: true,
            guardAt: clock.now(),
            ...(decided.split
              ? { amount: decided.amountFen, resultClass: null, ...decided.split }
              : {}),
          },
        });
      }
      if (noRoute.length > 0) await results.noRoute(noRoute, actor);
      // Committed before any call; an order another worker submitted first is not ours to send.
      const submitted = await repo.transitionMany(moves, actor);
      const byId = new Map(orders.map((o) => [o.id, o]));
      // One the debit guard's rule no longer allows (the loan was paid or changed since it was
      // made, its quote expired) is failed: the channel never had it.
      const refused = moves.filter((m) => !submitted.has(m.id)).map((m) => byId.get(m.id)!);
      if (refused.length > 0)
        await results.noRoute(
          refused.map((order) => ({
            order,
            reason:
              'not sent: the loan was paid or changed, or the quote expired, since it was made',
          })),
          actor,
          { from: ['created'], rawCode: 'NOT_SENT' },
        );
      await sendAndApply(
        moves
          .filter((m) => submitted.has(m.id))
          .map((m) => ({
            ...byId.get(m.id)!,
            channelCode: m.patch.channelCode!,
            amount: m.patch.amount ?? byId.get(m.id)!.amount,
          })),
        (o) => contexts.get(o.id)!,
        routed,
      );
    },
  };
}

export type Submission = ReturnType<typeof createSubmission>;
