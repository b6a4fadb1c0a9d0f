// Deduction window runs (issue 5): start a run for (business date, window, scope) once,
// freeze the eligible installments into shards, and let any worker execute shards. A shard
// creates its orders set-based (idempotency key per installment, date and window), then works
// in chunks: routes a chunk, marks it submitted and commits BEFORE calling the channels, sends
// through each channel's gate, and applies the chunk's answers in one transaction.
// A shard run again (retry, or after a worker died) creates nothing new and only sends orders
// still `created` (never sent); a `submitted` order without an answer is queried, never resent.
import { fenToYuan, isValidDate, windowVerdict } from '@repay/rules';
import { AppError } from '../../lib/errors';
import type { Clock } from '../../lib/clock';
import { forEachLimit } from '../../lib/pool';
import type { ChannelRouting } from '../channels';
import { quoteIdOfDebit } from '../loans';
import type { RuleResolver, RuleSnapshot } from '../rules';
import type { DebitCandidate, DebitOrderRow, DebitsRepo, Move } from './debits.repo';

type RoutingContext = Pick<
  DebitCandidate,
  'loanId' | 'orderNo' | 'businessLine' | 'funderCode' | 'productCode' | 'cardId' | 'bankCode'
>;
import type { DebitResults } from './results.service';

export const SHARD_SIZE = 1000;
/**
 * Orders routed, submitted and settled together. Chunks of a shard run side by side, so that
 * one chunk's answers are applied while the next one's calls wait at the channels; each
 * channel's own gate (its concurrency and rate) decides how many calls are in flight.
 */
const CHUNK_SIZE = 200; // REPAY_DEBIT_CHUNK_SIZE
const CHUNKS_IN_FLIGHT = 4;
const SHARDS_IN_FLIGHT = 3;
/** A shard claimed longer ago than this by a worker that never finished it is claimed again. */
const STALE_SHARD_SECONDS = 600;
/** A submitted order without any answer is queried after this long. */
const FIRST_QUERY_SECONDS = 60;

export interface RunScope {
  funderCode?: string;
  businessLine?: string;
}

export const scopeKey = (s: RunScope) =>
  s.funderCode
    ? `funder:${s.funderCode}`
    : s.businessLine
      ? `business_line:${s.businessLine}`
      : '*';

/** The channel order id: deterministic, so a repeat is the same order at the channel too. */
export const orderKeyOf = (date: string, window: string, installmentId: bigint) =>
  `W${date.replaceAll('-', '')}${window.replace(':', '')}-${installmentId}`;

export function createDebitRuns(deps: {
  repo: DebitsRepo;
  results: DebitResults;
  routing: ChannelRouting;
  rules: RuleResolver;
  clock: Clock;
  worker: string;
  notifyUrl?: (channelCode: string) => string;
  chunkSize?: number;
}) {
  const { repo, results, routing, rules, clock, worker, notifyUrl } = deps;
  const chunkSize = deps.chunkSize ?? CHUNK_SIZE;
  const actor = { type: 'system', id: `worker:${worker}` };

  function eligible(
    snapshot: RuleSnapshot<'window'>,
    candidates: DebitCandidate[],
    date: string,
    window: string,
  ) {
    const at = clock.now();
    return candidates.flatMap((c) => {
      const resolved = snapshot(
        {
          businessLine: c.businessLine,
          funderCode: c.funderCode,
          productCode: c.productCode,
          loanKey: c.orderNo,
        },
        at,
      );
      if (!resolved) return [];
      const verdict = windowVerdict(resolved.rule, c, date, window);
      return verdict.eligible
        ? [{ candidate: c, amountFen: verdict.amountFen, windowVersion: resolved.versionId }]
        : [];
    });
  }

  /**
   * One chunk of a shard's orders: routed together, marked submitted and committed together
   * (before any call), sent through the channels' gates, and their answers applied in one
   * transaction. A crash after the commit leaves them submitted with a query scheduled.
   */
  async function executeChunk(orders: DebitOrderRow[], contexts: Map<bigint, RoutingContext>) {
    const unroutable = orders.filter((o) => !contexts.has(o.id));
    const routable = orders.filter((o) => contexts.has(o.id));
    const routed = await routing.routeDebits(
      routable.map((order) => {
        const c = contexts.get(order.id)!;
        return {
          orderId: order.idempotencyKey,
          loan: {
            loanId: c.loanId,
            orderNo: c.orderNo,
            businessLine: c.businessLine,
            funderCode: c.funderCode,
            productCode: c.productCode,
          },
          card: { cardId: c.cardId, bankCode: c.bankCode },
          amountFen: order.amount,
          installmentId: order.installmentId,
        };
      }),
      { batch: true },
    );
    const noRoute = unroutable.map((order) => ({ order, reason: 'the order has no card' }));
    const moves: Move[] = [];
    for (const order of routable) {
      const { decision, amountFen, split } = routed.get(order.idempotencyKey)!;
      if (split && quoteIdOfDebit(order.idempotencyKey)) {
        // A settlement is the quoted amount or nothing: it is never split.
        noRoute.push({
          order,
          reason: 'the settlement amount is above the channel’s single limit',
        });
        continue;
      }
      if (!decision.chosen) {
        const reasons = decision.candidates
          .map((k) => `${k.code}:${k.excluded ?? 'degraded'}`)
          .join(', ');
        noRoute.push({ order, reason: reasons || 'no channel in the route' });
        continue;
      }
      moves.push({
        id: order.id,
        from: ['created'],
        to: 'submitted',
        patch: {
          channelCode: decision.chosen,
          routing: {
            decisionId: String(decision.id),
            route: decision.route,
            ruleVersionId: decision.ruleVersionId === null ? null : String(decision.ruleVersionId),
          },
          nextQueryAt: new Date(clock.now().getTime() + FIRST_QUERY_SECONDS * 1000),
          submitted: true,
          ...(split
            ? {
                amount: amountFen,
                resultClass: null,
                rawCode: 'SPLIT',
                rawMessage: `split at the channel's limits: ${fenToYuan(amountFen)} of ${fenToYuan(order.amount)} now, the rest stays due`,
              }
            : {}),
        },
      });
    }
    if (noRoute.length > 0) await results.noRoute(noRoute, actor);
    // Committed before any call; an order another worker submitted first is not ours to send.
    const submitted = await repo.transitionMany(moves, actor);
    const byId = new Map(orders.map((o) => [o.id, o]));
    const answers = await routing.sendDebits(
      moves
        .filter((m) => submitted.has(m.id))
        .map((m) => {
          const order = byId.get(m.id)!;
          const c = contexts.get(order.id)!;
          return {
            orderId: order.idempotencyKey,
            channelCode: m.patch.channelCode!,
            cardId: c.cardId,
            bankCode: c.bankCode,
            amountFen: m.patch.amount ?? order.amount,
            notifyUrl: notifyUrl?.(m.patch.channelCode!),
          };
        }),
      { batch: true },
    );
    // An order not sent at all (its agreement went away a moment ago) comes back as a
    // fail_request with raw code NO_AGREEMENT: the channel has nothing of it, so it fails.
    await results.applyMany(
      [...answers].map(([orderKey, answer]) => ({ orderKey, answer })),
      actor,
      'response',
    );
  }

  async function executeShard(shard: { id: bigint; runId: bigint; installmentIds: bigint[] }) {
    const run = await repo.runOf(shard.runId);
    if (!run) throw new Error(`run ${shard.runId} is gone`);
    const snapshot = await rules.snapshot('window');
    const candidates = await repo.candidatesOf(run.businessDate, shard.installmentIds);
    const chosen = eligible(snapshot, candidates, run.businessDate, run.window);
    const orders = await repo.createOrders(
      chosen.map((e) => ({
        idempotencyKey: orderKeyOf(run.businessDate, run.window, e.candidate.installmentId),
        loanId: e.candidate.loanId,
        installmentId: e.candidate.installmentId,
        funderId: e.candidate.funderId,
        cardId: e.candidate.cardId,
        amount: e.amountFen,
        ruleVersions: { window: e.windowVersion },
      })),
      { businessDate: run.businessDate, window: run.window, runId: shard.runId },
    );
    // Orders created by an earlier attempt of this shard and never sent: send them now.
    const leftover = await repo.ordersByKeys(
      shard.installmentIds.map((id) => orderKeyOf(run.businessDate, run.window, id)),
      ['created'],
    );
    const toSend = [...new Map([...orders, ...leftover].map((o) => [o.id, o])).values()];
    const contexts = await repo.routingContextOf(toSend.map((o) => o.id));
    const chunks: DebitOrderRow[][] = [];
    for (let i = 0; i < toSend.length; i += chunkSize) chunks.push(toSend.slice(i, i + chunkSize));
    await forEachLimit(chunks, CHUNKS_IN_FLIGHT, (chunk) => executeChunk(chunk, contexts));
  }

  return {
    /** Route and send orders made outside a window run (a settlement debit), by key. */
    async sendOrders(orderKeys: string[]) {
      const orders = await repo.ordersByKeys(orderKeys, ['created']);
      if (orders.length === 0) return;
      await executeChunk(orders, await repo.routingContextOf(orders.map((o) => o.id)));
    },

    /** Start (or find) the run and freeze its shards; a second start changes nothing. */
    async startRun(input: { date: string; window: string } & RunScope, startedBy: string) {
      if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(input.window))
        throw new AppError('VALIDATION_FAILED', 'window is a time such as 10:00', {
          field: 'window',
        });
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date) || !isValidDate(input.date))
        throw new AppError('VALIDATION_FAILED', 'date is a calendar date as YYYY-MM-DD', {
          field: 'date',
        });
      if (input.funderCode !== undefined && !(await repo.funderExists(input.funderCode)))
        throw new AppError('UNPROCESSABLE', `no funder ${input.funderCode}`, {
          field: 'funderCode',
        });
      const scope = scopeKey(input);
      const run = await repo.createRun({
        runKey: `${input.date}@${input.window}#${scope}`,
        businessDate: input.date,
        window: input.window,
        scope,
        startedBy,
      });
      if (!run.created) return { runId: run.id, created: false };
      const candidates = await repo.selectCandidates(input.date, input);
      const chosen = eligible(await rules.snapshot('window'), candidates, input.date, input.window);
      const ids = chosen.map((e) => e.candidate.installmentId);
      const shards: bigint[][] = [];
      for (let i = 0; i < ids.length; i += SHARD_SIZE) shards.push(ids.slice(i, i + SHARD_SIZE));
      await repo.insertShards(run.id, shards, ids.length);
      return { runId: run.id, created: true };
    },

    /** Claim and execute shards until none is left (of one run, or of any). */
    async work(
      runId?: bigint,
      onShard?: (done: number) => void,
      staleSeconds = STALE_SHARD_SECONDS,
    ): Promise<number> {
      let done = 0;
      // Two shards at once: one shard's start (selection, orders) overlaps the other's calls.
      const lane = async () => {
        for (;;) {
          const shard = await repo.claimShard(worker, staleSeconds, runId);
          if (!shard) return;
          try {
            await executeShard(shard);
            await repo.finishShard(shard.id, 'done', null);
          } catch (error) {
            await repo.finishShard(shard.id, 'failed', (error as Error).message.slice(0, 500));
          }
          done++;
          onShard?.(done);
        }
      };
      await Promise.all(Array.from({ length: SHARDS_IN_FLIGHT }, lane));
      return done;
    },

    progress: (runId: bigint) => repo.runProgress(runId),
  };
}

export type DebitRuns = ReturnType<typeof createDebitRuns>;
