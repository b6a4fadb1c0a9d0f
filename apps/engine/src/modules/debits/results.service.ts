// What a channel answer does to a debit order (DOMAIN.md, Channels). One state machine for
// the synchronous answers of a batch, the compensation query and the notification, so that
// they cannot disagree: only a non-final order moves; a final one never does (a late
// "processing" after a success changes nothing).
//
//   success       → allocate by the allocation rule → installment and loan → ledger → outbox
//   fail_*        → failed (fail_funds: a later window may try again; fail_card suspended
//                   the agreement already, in channels)
//   pending, duplicate, unknown codes → pending, queried on a back-off; after the last query
//                   → manual_review. Never failed, never sent again.
//
// A batch of answers is one transaction of a dozen statements whatever its size: orders are
// locked in id order, decided in memory, then moved, allocated, posted and published set-based.
import { allocate, type ChannelResultClass } from '@repay/rules';
import type { DebitStatus } from '@repay/db/schema';
import type { Clock } from '../../lib/clock';
import { everyMs } from '../../lib/ttl';
import type { Transactor } from '../../lib/transaction';
import type { ChannelAnswer, OrderState } from '../channels';
import type { OutboxEvent, OutboxRepo } from '../events';
import {
  quoteIdOfDebit,
  settleAtQuote,
  stateHashOf,
  type CollectionsRepo,
  type SettlementRepo,
} from '../loans';
import { debitCollectedJournal, postJournals, type Journal, type LedgerRepo } from '../ledger';
import type { Recalculation, RecalculationRepo } from '../overdue';
import type { RuleResolver, RuleSnapshot } from '../rules';
import type { DebitOrderRow, DebitsRepo, LockedInstallment, Move } from './debits.repo';

/** Seconds before each compensation query; after the last one still unknown → manual review. */
export const QUERY_BACKOFF_SECONDS = [15, 60, 300, 1800, 7200] as const;

type Repos = {
  debits: DebitsRepo;
  collections: CollectionsRepo;
  settlement: SettlementRepo;
  ledger: LedgerRepo;
  outbox: OutboxRepo;
  recalculation: RecalculationRepo;
};
type Actor = { type: string; id: string };
/** Where the answer came from: the debit's own response, a compensation query, a notification. */
export type AnswerSource = 'response' | 'query' | 'notification';

export interface OrderAnswer {
  orderKey: string;
  answer: ChannelAnswer<OrderState>;
}

const NOT_FINAL: DebitStatus[] = ['submitted', 'pending', 'manual_review'];
const FAILED_CLASSES: ChannelResultClass[] = ['fail_funds', 'fail_card', 'fail_request'];
const DEFAULT_ALLOCATION = {
  order: ['penalty', 'fee', 'interest', 'principal'] as const,
  oldestFirst: true,
  allowPartial: true,
};

/** Penalty and fees accrued after a date, per installment id. */
type AccruedAfter = Map<string, { penalty: bigint; fee: bigint }>;
/** Late successes of one business date: their installments and what accrued after it. */
type LateGroup = { installmentIds: Set<bigint>; accruedAfter: AccruedAfter };

/** What one answer does to one order, decided in memory from the locked order. */
type Verdict =
  { kind: 'settle' } | { kind: 'move'; move: Move; event?: OutboxEvent } | { kind: 'none' };

export function createDebitResults(deps: {
  transaction: Transactor<Repos>;
  rules: RuleResolver;
  clock: Clock;
  recalculation: Recalculation;
}) {
  const { transaction, rules, clock, recalculation } = deps;
  const at = (seconds: number) => new Date(clock.now().getTime() + seconds * 1000);
  // Thousands of answers a second share one read of the allocation rules per second.
  const allocationRules = everyMs(1000, () => rules.snapshot('allocation'));

  function verdictOf(
    order: DebitOrderRow,
    answer: ChannelAnswer<OrderState>,
    source: AnswerSource,
  ): Verdict {
    if (!NOT_FINAL.includes(order.status)) return { kind: 'none' };
    const amountDiffers =
      answer.data.amountFen !== undefined && answer.data.amountFen !== order.amount;
    if (answer.resultClass === 'success' && amountDiffers)
      // The channel says it took a different amount: a person decides.
      return {
        kind: 'move',
        move: {
          id: order.id,
          from: NOT_FINAL,
          to: 'manual_review',
          patch: {
            resultClass: 'success',
            rawCode: answer.rawCode,
            rawMessage: `amount ${answer.data.amountFen} ≠ ordered ${order.amount}: ${answer.rawMessage}`,
            nextQueryAt: null,
          },
        },
      };
    if (answer.resultClass === 'success') return { kind: 'settle' };
    // A query refused ("order not found", bad parameters) says nothing about the debit:
    // the channel may not have it yet. Only an answer about the order itself fails it.
    const failed =
      FAILED_CLASSES.includes(answer.resultClass) &&
      !(source === 'query' && answer.resultClass === 'fail_request');
    if (failed)
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
            resultClass: answer.resultClass,
            rawCode: answer.rawCode,
            channel: order.channelCode,
          },
        },
      };
    // pending, duplicate, or a code nobody knows: ask again later, never fail.
    if (order.status === 'manual_review') return { kind: 'none' };
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
          rawMessage: answer.rawMessage,
          nextQueryAt: exhausted ? null : at(QUERY_BACKOFF_SECONDS[asked]!),
        },
      },
    };
  }

  /** Allocate, move, apply, post and publish the successes of a batch, set-based. */
  async function settleMany(
    repos: Repos,
    allocation: RuleSnapshot<'allocation'>,
    successes: { order: DebitOrderRow; answer: ChannelAnswer<OrderState> }[],
    actor: Actor,
  ): Promise<Set<bigint>> {
    if (successes.length === 0) return new Set();
    const settlements = successes.filter((s) => quoteIdOfDebit(s.order.idempotencyKey));
    const collections = successes.filter((s) => !quoteIdOfDebit(s.order.idempotencyKey));
    const moved = await settleQuotes(repos, settlements, actor);
    if (collections.length === 0) return moved;
    const installments = await repos.debits.lockInstallments(
      collections.map((s) => s.order.installmentId),
    );
    const late = await lateByDate(repos, collections);
    const settled = collections.map(({ order, answer }) => {
      const locked = installments.get(order.installmentId);
      if (!locked)
        throw new Error(`installment ${order.installmentId} of ${order.idempotencyKey} is gone`);
      const inst = asOwedOn(locked, late.get(order.businessDate)?.accruedAfter);
      return { order, answer, inst, ...allocateTo(allocation, inst, order.amount) };
    });
    const movedNow = await repos.debits.transitionMany(
      settled.map(({ order, answer }) => successMove(order, answer)),
      actor,
    );
    for (const id of movedNow) moved.add(id);
    const done = settled.filter((s) => movedNow.has(s.order.id));
    const loanSettled = await repos.collections.applyCollections(
      done.map((s) => ({
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
      const { settledLoans } = await recalculation.run(repos.recalculation, ids, date, '');
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
    await repos.outbox.addMany(
      done.map((s) => ({
        eventId: `debit.succeeded:${s.order.idempotencyKey}`,
        topic: 'debit.succeeded',
        aggregateType: 'debit_order',
        aggregateId: s.order.idempotencyKey,
        payload: {
          orderNo: s.inst.orderNo,
          period: s.inst.period,
          amount: String(s.order.amount),
          channel: s.order.channelCode,
          unallocated: String(s.remainderFen),
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
    const lastAccrued = await repos.recalculation.lastAccruedDate();
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
        accruedAfter: await repos.recalculation.accruedAfter(ids, date),
      });
    return late;
  }

  /** The installment as owed on the order's date: without the charges accrued after it. */
  function asOwedOn(
    inst: LockedInstallment,
    accruedAfter: AccruedAfter | undefined,
  ): LockedInstallment {
    const after = accruedAfter?.get(String(inst.id));
    if (!after) return inst;
    const less = (owed: bigint, accrued: bigint) => (owed > accrued ? owed - accrued : 0n);
    return {
      ...inst,
      outstanding: {
        ...inst.outstanding,
        penalty: less(inst.outstanding.penalty, after.penalty),
        fee: less(inst.outstanding.fee, after.fee),
      },
    };
  }

  const successMove = (order: DebitOrderRow, answer: ChannelAnswer<OrderState>): Move => ({
    id: order.id,
    from: NOT_FINAL,
    to: 'succeeded',
    patch: {
      resultClass: 'success',
      rawCode: answer.rawCode,
      rawMessage: answer.rawMessage,
      channelSerial: answer.data.channelSerial ?? null,
      nextQueryAt: null,
      finished: true,
    },
  });

  /**
   * Settlement debits that succeeded: the loan settles as quoted. Should the loan have changed
   * since the quote (it cannot while the quote is debiting, short of a person's fix), the money
   * is held in suspense for a person instead of being forced onto changed installments.
   */
  async function settleQuotes(
    repos: Repos,
    successes: { order: DebitOrderRow; answer: ChannelAnswer<OrderState> }[],
    actor: Actor,
  ): Promise<Set<bigint>> {
    if (successes.length === 0) return new Set();
    const moved = await repos.debits.transitionMany(
      successes.map((s) => successMove(s.order, s.answer)),
      actor,
    );
    for (const { order } of successes.filter((s) => moved.has(s.order.id))) {
      const quote = await repos.settlement.quoteById(quoteIdOfDebit(order.idempotencyKey)!, true);
      const [inst] = (await repos.debits.lockInstallments([order.installmentId])).values();
      if (!quote || !inst)
        throw new Error(`settlement debit ${order.idempotencyKey} lost its quote`);
      const open = await repos.collections.lockOpenInstallments(order.loanId);
      const applied =
        quote.status === 'debiting' &&
        stateHashOf(open) === quote.stateHash &&
        (await settleAtQuote(repos, {
          quote,
          orderNo: inst.orderNo,
          funderCode: inst.funderCode,
          method: 'debit',
          reference: quote.settleReference ?? order.idempotencyKey,
          orderKey: order.idempotencyKey,
          effectiveDate: order.businessDate,
        }));
      if (!applied)
        await postJournals(repos.ledger, [
          debitCollectedJournal({
            orderKey: order.idempotencyKey,
            loanId: order.loanId,
            funderCode: inst.funderCode,
            effectiveDate: order.businessDate,
            paid: { principal: 0n, interest: 0n, fee: 0n, penalty: 0n },
            unallocated: order.amount,
          }),
        ]);
      await repos.outbox.add({
        eventId: `debit.succeeded:${order.idempotencyKey}`,
        topic: 'debit.succeeded',
        aggregateType: 'debit_order',
        aggregateId: order.idempotencyKey,
        payload: {
          orderNo: inst.orderNo,
          amount: String(order.amount),
          channel: order.channelCode,
          unallocated: applied ? '0' : String(order.amount),
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
    const rule = resolved?.rule ?? DEFAULT_ALLOCATION;
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
      amountFen,
    );
    const paid = { principal: 0n, interest: 0n, fee: 0n, penalty: 0n };
    for (const a of allocations) paid[a.component] += a.amountFen;
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
      const successes: { order: DebitOrderRow; answer: ChannelAnswer<OrderState> }[] = [];
      const moves: Move[] = [];
      const events = new Map<bigint, OutboxEvent>();
      for (const { orderKey, answer } of first) {
        const order = orders.get(orderKey);
        if (!order) continue;
        const verdict = verdictOf(order, answer, source);
        if (verdict.kind === 'settle') successes.push({ order, answer });
        if (verdict.kind === 'move') {
          moves.push(verdict.move);
          if (verdict.event) events.set(order.id, verdict.event);
        }
      }
      const ids = new Set([
        ...(await repos.debits.transitionMany(moves, actor)),
        ...(await settleMany(repos, allocation, successes, actor)),
      ]);
      // A failed settlement debit gives its quote back (to be used again until it expires).
      const keyOf = new Map([...orders.values()].map((o) => [o.id, o.idempotencyKey]));
      await repos.settlement.reopen(
        moves
          .filter((m) => m.to === 'failed' && ids.has(m.id))
          .map((m) => quoteIdOfDebit(keyOf.get(m.id)!))
          .filter((q): q is string => q !== null),
      );
      await repos.outbox.addMany([...events].filter(([id]) => ids.has(id)).map(([, e]) => e));
      return new Set(
        [...orders.values()].filter((o) => ids.has(o.id)).map((o) => o.idempotencyKey),
      );
    });
    if (again.length > 0) for (const key of await applyMany(again, actor, source)) moved.add(key);
    return moved;
  }

  return {
    applyMany,

    /** Apply one answer about an order (by its key); true when the order moved. */
    apply: async (
      orderKey: string,
      answer: ChannelAnswer<OrderState>,
      actor: Actor,
      source: AnswerSource,
    ) => (await applyMany([{ orderKey, answer }], actor, source)).has(orderKey),

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
          const [order] = await repos.debits.lockOrdersByKeys([orderKey]);
          if (!order || order.status !== 'manual_review') return false;
          if (outcome === 'succeeded') {
            const answer = {
              resultClass: 'success' as const,
              rawCode: 'MANUAL',
              rawMessage: evidence,
              data: {},
            };
            return (await settleMany(repos, allocation, [{ order, answer }], actor)).has(order.id);
          }
          const failed = await repos.debits.transition(
            order.id,
            ['manual_review'],
            'failed',
            { resultClass: null, rawCode: 'MANUAL', rawMessage: evidence, finished: true },
            actor,
          );
          const quoteId = quoteIdOfDebit(order.idempotencyKey);
          if (failed && quoteId) await repos.settlement.reopen([quoteId]);
          return failed;
        }),
      ),

    /** Orders never sent (no channel could take them): failed, with the reason. */
    noRoute: async (orders: { order: DebitOrderRow; reason: string }[], actor: Actor) =>
      transaction(async (repos) => {
        const moved = await repos.debits.transitionMany(
          orders.map(({ order, reason }) => ({
            id: order.id,
            from: ['created'],
            to: 'failed',
            patch: { resultClass: null, rawCode: 'NO_ROUTE', rawMessage: reason, finished: true },
          })),
          actor,
        );
        await repos.settlement.reopen(
          orders
            .filter(({ order }) => moved.has(order.id))
            .map(({ order }) => quoteIdOfDebit(order.idempotencyKey))
            .filter((q): q is string => q !== null),
        );
        return moved;
      }),
  };
}

export type DebitResults = ReturnType<typeof createDebitResults>;
