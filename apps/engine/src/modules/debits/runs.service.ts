// Deduction window runs (issue 5): start a run for (business date, window, scope) once,
// freeze the eligible installments into shards, and let any worker execute shards. A shard
// creates its orders set-based (idempotency key per installment, date and window), routes
// each, marks it submitted and commits BEFORE calling the channel, then applies the answer.
// A shard run again (retry, or after a worker died) creates nothing new and only sends orders
// still `created` (never sent); a `submitted` order without an answer is queried, never resent.
import { isValidDate, windowVerdict } from '@repay/rules';
import { AppError } from '../../lib/errors';
import type { Clock } from '../../lib/clock';
import { forEachLimit } from '../../lib/pool';
import type { ChannelRouting } from '../channels';
import type { RuleResolver, RuleSnapshot } from '../rules';
import type { DebitCandidate, DebitOrderRow, DebitsRepo } from './debits.repo';

type RoutingContext = Pick<
  DebitCandidate,
  'loanId' | 'orderNo' | 'businessLine' | 'funderCode' | 'productCode' | 'cardId' | 'bankCode'
>;
import type { DebitResults } from './results.service';

export const SHARD_SIZE = 1000;
/** Orders of one shard in flight at the channels at once. */
const SEND_CONCURRENCY = 16;
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
}) {
  const { repo, results, routing, rules, clock, worker, notifyUrl } = deps;
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
      const verdict = windowVerdict(
        resolved.rule,
        { ...c, loanActive: c.loanStatus === 'active' },
        date,
        window,
      );
      return verdict.eligible
        ? [{ candidate: c, amountFen: verdict.amountFen, windowVersion: resolved.versionId }]
        : [];
    });
  }

  async function send(order: DebitOrderRow, c: RoutingContext) {
    const decision = await routing.routeDebit(
      {
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
      },
      { batch: true },
    );
    if (!decision.chosen) {
      const reasons = decision.candidates
        .map((k) => `${k.code}:${k.excluded ?? 'degraded'}`)
        .join(', ');
      await results.noRoute(order, reasons || 'no channel in the route', actor);
      return;
    }
    const submitted = await repo.transition(
      order.id,
      ['created'],
      'submitted',
      {
        channelCode: decision.chosen,
        routing: {
          decisionId: String(decision.id),
          route: decision.route,
          ruleVersionId: decision.ruleVersionId === null ? null : String(decision.ruleVersionId),
        },
        nextQueryAt: new Date(clock.now().getTime() + FIRST_QUERY_SECONDS * 1000),
        submitted: true,
      },
      actor,
    );
    if (!submitted) return; // another worker sent it
    let answer;
    try {
      answer = await routing.sendDebit(
        {
          orderId: order.idempotencyKey,
          channelCode: decision.chosen,
          cardId: c.cardId,
          bankCode: c.bankCode,
          amountFen: order.amount,
          notifyUrl: notifyUrl?.(decision.chosen),
        },
        { batch: true },
      );
    } catch (error) {
      // We do not know whether the channel got it: pending, to be queried.
      answer = {
        resultClass: 'pending' as const,
        rawCode: 'ENGINE_ERROR',
        rawMessage: (error as Error).message.slice(0, 200),
        data: {},
      };
    }
    await results.apply(order.idempotencyKey, answer, actor, 'response');
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
    await forEachLimit(toSend, SEND_CONCURRENCY, async (order) => {
      const c = contexts.get(order.id);
      if (c) await send(order, c);
      else await results.noRoute(order, 'the order has no card', actor);
    });
  }

  return {
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
      for (;;) {
        const shard = await repo.claimShard(worker, staleSeconds, runId);
        if (!shard) return done;
        try {
          await executeShard(shard);
          await repo.finishShard(shard.id, 'done', null);
        } catch (error) {
          await repo.finishShard(shard.id, 'failed', (error as Error).message.slice(0, 500));
        }
        done++;
        onShard?.(done);
      }
    },

    progress: (runId: bigint) => repo.runProgress(runId),
  };
}

export type DebitRuns = ReturnType<typeof createDebitRuns>;
