// Deduction window runs (issue 5): start a run for (business date, window, scope) once,
// freeze the eligible installments into shards, and let any worker execute shards. A shard
// works in chunks (submission.ts): routes a chunk, inserts its orders already submitted and
// commits BEFORE calling the channels (idempotency key per installment, date and window),
// sends through each channel's gate, and applies the chunk's answers in one transaction.
// A shard run again (retry, or after a worker died) inserts nothing for an order that exists
// and only sends orders still `created` (never sent); a `submitted` order without an answer
// is queried, never resent.
import { isValidDate, windowVerdict } from '@repay/rules';
import { AppError } from '../../lib/errors';
import type { Clock } from '../../lib/clock';
import { forEachLimit } from '../../lib/pool';
import type { ChannelRouting } from '../channels';
import type { RuleResolver, RuleSnapshot } from '../rules';
import type { DebitCandidate, DebitsRepo } from './debits.repo';
import type { DebitResults } from './results.service';
import { createSubmission } from './submission';

export const SHARD_SIZE = 1000;
/**
 * Orders routed, submitted and settled together. Chunks of a shard run side by side, so that
 * one chunk's answers are applied while the next one's calls wait at the channels; each
 * channel's own gate (its concurrency and rate) decides how many calls are in flight.
 * 500 × 2 rather than 200 × 4: a chunk's statements cost the same whatever its size up to
 * their rows, so larger chunks spend less per order (measured: about a tenth less time and
 * CPU per window, ARCHITECTURE.md); a whole shard as one chunk loses the overlap.
 */
const CHUNK_SIZE = 500; // REPAY_DEBIT_CHUNK_SIZE
const CHUNKS_IN_FLIGHT = 2; // REPAY_DEBIT_CHUNKS_IN_FLIGHT
const SHARDS_IN_FLIGHT = 3; // REPAY_DEBIT_SHARDS_IN_FLIGHT
/** A shard claimed longer ago than this by a worker that never finished it is claimed again. */
const STALE_SHARD_SECONDS = 600;

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
  /** Shards a worker runs at once, and chunks each shard runs at once. */
  inFlight?: { shards: number; chunks: number };
}) {
  const { repo, results, routing, rules, clock, worker, notifyUrl } = deps;
  const chunkSize = deps.chunkSize ?? CHUNK_SIZE;
  const chunksInFlight = deps.inFlight?.chunks ?? CHUNKS_IN_FLIGHT;
  const shardsInFlight = deps.inFlight?.shards ?? SHARDS_IN_FLIGHT;
  const actor = { type: 'system', id: `worker:${worker}` };
  const submission = createSubmission({ repo, results, routing, clock, actor, notifyUrl });

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

  async function executeShard(shard: { id: bigint; runId: bigint; installmentIds: bigint[] }) {
    const run = await repo.runOf(shard.runId);
    if (!run) throw new Error(`run ${shard.runId} is gone`);
    const snapshot = await rules.snapshot('window');
    // Orders an earlier attempt of this shard made and never sent (still `created`): sent
    // first. Their installments are in flight, so the selection below leaves them out.
    const leftover = await repo.ordersByKeys(
      shard.installmentIds.map((id) => orderKeyOf(run.businessDate, run.window, id)),
      ['created'],
    );
    if (leftover.length > 0) {
      const contexts = await repo.routingContextOf(leftover.map((o) => o.id));
      await forEachLimit(chunked(leftover), chunksInFlight, (chunk) =>
        submission.submitCreated(chunk, contexts),
      );
    }
    const candidates = await repo.candidatesOf(run.businessDate, shard.installmentIds);
    const made = eligible(snapshot, candidates, run.businessDate, run.window).map((e) => ({
      idempotencyKey: orderKeyOf(run.businessDate, run.window, e.candidate.installmentId),
      loanId: e.candidate.loanId,
      installmentId: e.candidate.installmentId,
      funderId: e.candidate.funderId,
      cardId: e.candidate.cardId,
      amount: e.amountFen,
      ruleVersions: { window: e.windowVersion },
      context: e.candidate,
    }));
    const context = { businessDate: run.businessDate, window: run.window, runId: shard.runId };
    await forEachLimit(chunked(made), chunksInFlight, (chunk) =>
      submission.submitNew(chunk, context),
    );
  }

  function chunked<T>(items: T[]): T[][] {
    const chunks: T[][] = [];
    for (let i = 0; i < items.length; i += chunkSize) chunks.push(items.slice(i, i + chunkSize));
    return chunks;
  }

  return {
    /** Route and send orders made outside a window run (a settlement debit), by key. */
    async sendOrders(orderKeys: string[]) {
      const orders = await repo.ordersByKeys(orderKeys, ['created']);
      if (orders.length === 0) return;
      await submission.submitCreated(orders, await repo.routingContextOf(orders.map((o) => o.id)));
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
      await Promise.all(Array.from({ length: shardsInFlight }, lane));
      return done;
    },

    progress: (runId: bigint) => repo.runProgress(runId),
  };
}

export type DebitRuns = ReturnType<typeof createDebitRuns>;
