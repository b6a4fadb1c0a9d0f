// What a channel answer does to a debit order (DOMAIN.md, Channels). One state machine for
// the synchronous answer, the compensation query and the notification, so that they cannot
// disagree: only a non-final order moves; a final one never does (a late "processing" after
// a success changes nothing).
//
//   success       → allocate by the allocation rule → installment and loan → ledger → outbox
//   fail_*        → failed (fail_funds: a later window may try again; fail_card suspended
//                   the agreement already, in channels)
//   pending, duplicate, unknown codes → pending, queried on a back-off; after the last query
//                   → manual_review. Never failed, never sent again.
import { allocate, type ChannelResultClass } from '@repay/rules';
import type { DebitStatus } from '@repay/db/schema';
import type { Clock } from '../../lib/clock';
import { everyMs } from '../../lib/ttl';
import type { Transactor } from '../../lib/transaction';
import type { ChannelAnswer, OrderState } from '../channels';
import type { OutboxRepo } from '../events';
import type { CollectionsRepo } from '../loans';
import { debitCollectedJournal, postJournal, type LedgerRepo } from '../ledger';
import type { RuleResolver, RuleSnapshot } from '../rules';
import type { DebitOrderRow, DebitsRepo } from './debits.repo';

/** Seconds before each compensation query; after the last one still unknown → manual review. */
export const QUERY_BACKOFF_SECONDS = [15, 60, 300, 1800, 7200] as const;

type Repos = {
  debits: DebitsRepo;
  collections: CollectionsRepo;
  ledger: LedgerRepo;
  outbox: OutboxRepo;
};
type Actor = { type: string; id: string };
/** Where the answer came from: the debit's own response, a compensation query, a notification. */
export type AnswerSource = 'response' | 'query' | 'notification';

const NOT_FINAL: DebitStatus[] = ['submitted', 'pending', 'manual_review'];
const FAILED_CLASSES: ChannelResultClass[] = ['fail_funds', 'fail_card', 'fail_request'];

export function createDebitResults(deps: {
  transaction: Transactor<Repos>;
  rules: RuleResolver;
  clock: Clock;
}) {
  const { transaction, rules, clock } = deps;
  const at = (seconds: number) => new Date(clock.now().getTime() + seconds * 1000);
  // Thousands of answers a second share one read of the allocation rules per second.
  const allocationRules = everyMs(1000, () => rules.snapshot('allocation'));

  async function settle(
    repos: Repos,
    allocation: RuleSnapshot<'allocation'>,
    order: DebitOrderRow,
    answer: ChannelAnswer<OrderState>,
    actor: Actor,
  ) {
    const inst = await repos.debits.lockInstallment(order.installmentId);
    if (!inst)
      throw new Error(`installment ${order.installmentId} of ${order.idempotencyKey} is gone`);
    const resolved = allocation(
      {
        businessLine: inst.businessLine,
        funderCode: inst.funderCode,
        productCode: inst.productCode,
        loanKey: inst.orderNo,
      },
      clock.now(),
    );
    const rule = resolved?.rule ?? {
      order: ['penalty', 'fee', 'interest', 'principal'] as const,
      oldestFirst: true,
      allowPartial: true,
    };
    const { allocations, remainderFen } = allocate(
      { ...rule, order: [...rule.order] },
      [
        {
          id: String(inst.id),
          dueDate: inst.dueDate,
          seq: inst.period,
          outstanding: inst.outstanding,
        },
      ],
      order.amount,
    );
    const paid = { principal: 0n, interest: 0n, fee: 0n, penalty: 0n };
    for (const a of allocations) paid[a.component] += a.amountFen;
    const moved = await repos.debits.transition(
      order.id,
      NOT_FINAL,
      'succeeded',
      {
        resultClass: 'success',
        rawCode: answer.rawCode,
        rawMessage: answer.rawMessage,
        channelSerial: answer.data.channelSerial ?? null,
        nextQueryAt: null,
        finished: true,
      },
      actor,
    );
    if (!moved) return false;
    const { loanSettled } = await repos.collections.applyCollection(
      order.installmentId,
      order.loanId,
      paid,
    );
    await postJournal(
      repos.ledger,
      debitCollectedJournal({
        orderKey: order.idempotencyKey,
        loanId: order.loanId,
        funderCode: inst.funderCode,
        effectiveDate: order.businessDate,
        ruleVersionId: resolved ? BigInt(resolved.versionId) : undefined,
        paid,
        unallocated: remainderFen,
      }),
    );
    await repos.outbox.add({
      eventId: `debit.succeeded:${order.idempotencyKey}`,
      topic: 'debit.succeeded',
      aggregateType: 'debit_order',
      aggregateId: order.idempotencyKey,
      payload: {
        orderNo: inst.orderNo,
        period: inst.period,
        amount: String(order.amount),
        channel: order.channelCode,
        unallocated: String(remainderFen),
        loanSettled,
      },
    });
    return true;
  }

  return {
    /**
     * Apply one answer about an order (by its key); true when the order moved. Safe to call
     * any number of times, in any order, from any source.
     */
    apply: (
      orderKey: string,
      answer: ChannelAnswer<OrderState>,
      actor: Actor,
      source: AnswerSource,
    ) =>
      // Rules are read before the transaction: a transaction holds its own connection.
      allocationRules().then((allocation) =>
        transaction(async (repos) => {
          const order = await repos.debits.orderByKey(orderKey, true);
          if (!order || !NOT_FINAL.includes(order.status)) return false;
          const amountDiffers =
            answer.data.amountFen !== undefined && answer.data.amountFen !== order.amount;
          if (answer.resultClass === 'success' && amountDiffers) {
            // The channel says it took a different amount: a person decides.
            return repos.debits.transition(
              order.id,
              NOT_FINAL,
              'manual_review',
              {
                resultClass: 'success',
                rawCode: answer.rawCode,
                rawMessage: `amount ${answer.data.amountFen} ≠ ordered ${order.amount}: ${answer.rawMessage}`,
                nextQueryAt: null,
              },
              actor,
            );
          }
          if (answer.resultClass === 'success')
            return settle(repos, allocation, order, answer, actor);
          // A query refused ("order not found", bad parameters) says nothing about the debit:
          // the channel may not have it yet. Only an answer about the order itself fails it.
          const failed =
            FAILED_CLASSES.includes(answer.resultClass) &&
            !(source === 'query' && answer.resultClass === 'fail_request');
          if (failed) {
            const moved = await repos.debits.transition(
              order.id,
              NOT_FINAL,
              'failed',
              {
                resultClass: answer.resultClass,
                rawCode: answer.rawCode,
                rawMessage: answer.rawMessage,
                nextQueryAt: null,
                finished: true,
              },
              actor,
            );
            if (moved)
              await repos.outbox.add({
                eventId: `debit.failed:${order.idempotencyKey}`,
                topic: 'debit.failed',
                aggregateType: 'debit_order',
                aggregateId: order.idempotencyKey,
                payload: {
                  resultClass: answer.resultClass,
                  rawCode: answer.rawCode,
                  channel: order.channelCode,
                },
              });
            return moved;
          }
          // pending, duplicate, or a code nobody knows: ask again later, never fail.
          if (order.status === 'manual_review') return false;
          const asked = order.queryAttempts;
          const exhausted = asked >= QUERY_BACKOFF_SECONDS.length;
          return repos.debits.transition(
            order.id,
            ['submitted', 'pending'],
            exhausted ? 'manual_review' : 'pending',
            {
              resultClass: 'pending',
              rawCode: answer.rawCode,
              rawMessage: answer.rawMessage,
              nextQueryAt: exhausted ? null : at(QUERY_BACKOFF_SECONDS[asked]!),
            },
            actor,
          );
        }),
      ),

    /**
     * Finance decides an order under manual review, with the evidence (statement line, bank
     * reply): success settles it exactly like a channel success; failure closes it.
     */
    resolveByHand: (
      orderKey: string,
      outcome: 'succeeded' | 'failed',
      evidence: string,
      actor: Actor,
    ) =>
      rules.snapshot('allocation').then((allocation) =>
        transaction(async (repos) => {
          const order = await repos.debits.orderByKey(orderKey, true);
          if (!order || order.status !== 'manual_review') return false;
          if (outcome === 'succeeded')
            return settle(
              repos,
              allocation,
              order,
              { resultClass: 'success', rawCode: 'MANUAL', rawMessage: evidence, data: {} },
              actor,
            );
          return repos.debits.transition(
            order.id,
            ['manual_review'],
            'failed',
            { resultClass: null, rawCode: 'MANUAL', rawMessage: evidence, finished: true },
            actor,
          );
        }),
      ),

    /** The order was never sent (no channel could take it): failed, with the reason. */
    noRoute: (order: DebitOrderRow, reason: string, actor: Actor) =>
      transaction((repos) =>
        repos.debits.transition(
          order.id,
          ['created'],
          'failed',
          { resultClass: null, rawCode: 'NO_ROUTE', rawMessage: reason, finished: true },
          actor,
        ),
      ),
  };
}

export type DebitResults = ReturnType<typeof createDebitResults>;
