// Deduction window runs: start a run for (business date, window, scope) once,
// freeze the eligible installments into shards page by page, and let any worker execute
// shards while the next pages are selected. A shard
// works in chunks (submission.ts): routes a chunk, inserts its orders already submitted and
// commits BEFORE calling the channels (idempotency key per installment, date and window),
// sends through each channel's gate, and applies the chunk's answers in one transaction.
// A shard run again (retry, or after a worker died) inserts nothing for an order that exists
// and only sends orders still `created` (never sent); a `submitted` order without an answer
// is queried, never resent.
import { isValidDate } from '@repay/rules';
import { AppError } from '../../lib/errors';
import type { Clock } from '../../lib/clock';
import { forEachLimit } from '../../lib/pool';
import type { ChannelRouting } from '../channels';
import type { RuleResolver, RuleSnapshot } from '../rules';
import type { Transactor } from '../../lib/transaction';
import type { DebitCandidate, DebitsRepo, RunScopeFilter } from './debits.repo';
import type { DebitResults } from './results.service';
import { createSubmission } from './submission';
import { windowDecision } from './window-decision';

export const SHARD_SIZE = 1000;
/**
 * Installments a selection page looks at: its eligible ones become shards, committed with the
 * cursor. The first page is selected when the run starts, the rest while its shards run.
 */
const SELECTION_PAGE = 5 * SHARD_SIZE; // REPAY_DEBIT_SELECTION_PAGE
/** How soon a worker with nothing to claim looks again while a selection goes on. */
const SELECTION_POLL_MS = 100;
/**
 * Orders routed, submitted and settled together. Chunks of a shard run side by side, so that
 * one chunk's answers are applied while the next one's calls wait at the channels; each
 * channel's own gate (its concurrency and rate) decides how many calls are in flight.
 * 500 × 2 rather than 200 × 4: a chunk's statements cost the same whatever its size up to
 * their rows, so larger chunks spend less per order (measured: about a tenth less time and
 * CPU per window); a whole shard as one chunk loses the overlap.
 */
const CHUNK_SIZE = 500; // REPAY_DEBIT_CHUNK_SIZE
const CHUNKS_IN_FLIGHT = 2; // REPAY_DEBIT_CHUNKS_IN_FLIGHT
const SHARDS_IN_FLIGHT = 3; // REPAY_DEBIT_SHARDS_IN_FLIGHT
/**
 * A shard's claim is a lease its worker renews three times a lease while the shard runs (a
 * heartbeat, whatever the shard waits for); a claim not renewed for this long is a dead
 * worker's, and the shard is claimed again. Short, so that a killed worker stalls its run for
 * half a minute rather than the ten a claim used to hold; the heartbeat keeps a slow shard its
 * worker's however long its calls take.
 */
export const SHARD_LEASE_SECONDS = 30;
/** How soon a worker with nothing to claim looks again while other workers hold shards. */
const CLAIMED_POLL_MS = 1000;

export type RunScope = RunScopeFilter;

export const scopeKey = (s: RunScope) =>
  s.funderCode
    ? `funder:${s.funderCode}`
    : s.businessLine
      ? `business_line:${s.businessLine}`
      : '*';

/** The scope a run's key stands for. */
export const scopeOf = (key: string): RunScope =>
  key.startsWith('funder:')
    ? { funderCode: key.slice('funder:'.length) }
    : key.startsWith('business_line:')
      ? { businessLine: key.slice('business_line:'.length) }
      : {};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The channel order id: deterministic, so a repeat is the same order at the channel too. */
export const orderKeyOf = (date: string, window: string, installmentId: bigint) =>
  `W${date.replaceAll('-', '')}${window.replace(':', '')}-${installmentId}`;

export function createDebitRuns(deps: {
  repo: DebitsRepo;
  transaction: Transactor<{ debits: DebitsRepo }>;
  results: DebitResults;
  routing: ChannelRouting;
  rules: RuleResolver;
  clock: Clock;
  worker: string;
  notifyUrl?: (channelCode: string) => string;
  chunkSize?: number;
  selectionPage?: number;
  /** Shards a worker runs at once, and chunks each shard runs at once. */
  inFlight?: { shards: number; chunks: number };
}) {
  const { repo, transaction, results, routing, rules, clock, worker, notifyUrl } = deps;
  const chunkSize = deps.chunkSize ?? CHUNK_SIZE;
  const selectionPage = deps.selectionPage ?? SELECTION_PAGE;
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
      const { resolved, verdict } = windowDecision(snapshot, at, c, date, window);
      return verdict.eligible && resolved
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

  /**
   * The next page of a run's selection (this run, or any run still selecting), in one
   * transaction with the run's row locked: its eligible installments as shards, the totals
   * and the cursor. 'busy' when another worker is selecting it; 'done' when none is left.
   */
  async function selectPage(runId?: bigint): Promise<'selected' | 'busy' | 'done'> {
    // Rules are read before the transaction: a transaction holds its own connection.
    const snapshot = await rules.snapshot('window');
    return transaction(async ({ debits }) => {
      const run = await debits.lockSelection(runId);
      if (run === null) return 'done';
      if (run === 'busy') return 'busy';
      const ids = await debits.dueInstallmentIds(run.businessDate, run.cursor, selectionPage);
      const candidates =
        ids.length === 0
          ? []
          : await debits.candidatesOf(run.businessDate, ids, scopeOf(run.scope));
      const chosen = eligible(snapshot, candidates, run.businessDate, run.window).map(
        (e) => e.candidate.installmentId,
      );
      const shards: bigint[][] = [];
      for (let i = 0; i < chosen.length; i += SHARD_SIZE)
        shards.push(chosen.slice(i, i + SHARD_SIZE));
      const last = ids.length < selectionPage;
      await debits.savePage(run.runId, {
        shards,
        installments: chosen.length,
        cursor: ids.at(-1) ?? run.cursor,
        last,
      });
      // Another run may still be selecting (a worker of every run).
      return last && runId !== undefined ? 'done' : 'selected';
    });
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
      // A window collects what is due by its date, so its date is today (business time): a
      // later date would debit installments before they are due, and today's windows already
      // take everything overdue, so a missed day needs no run of its own. A run of an earlier
      // date that exists (started then, cut short by a restart) may be resumed.
      const today = clock.today();
      if (input.date > today)
        throw new AppError('UNPROCESSABLE', `a run is for today (${today}), not a later date`, {
          field: 'date',
        });
      const scope = scopeKey(input);
      const runKey = `${input.date}@${input.window}#${scope}`;
      if (input.date < today && !(await repo.runExists(runKey)))
        throw new AppError(
          'UNPROCESSABLE',
          `a run is for today (${today}); an earlier date only resumes a run started then`,
          { field: 'date' },
        );
      const run = await repo.createRun({
        runKey,
        businessDate: input.date,
        window: input.window,
        scope,
        startedBy,
      });
      if (!run.created) {
        // A run whose selection is not over (its worker died, or is at it) needs a worker.
        const made = await repo.runOf(run.id);
        return {
          runId: run.id,
          created: false,
          selecting: made?.selecting === true && made.status === 'running',
        };
      }
      // The first page now: the run has shards to claim (and a count) as soon as it starts.
      await selectPage(run.id);
      return { runId: run.id, created: true, selecting: true };
    },

    /**
     * Claim and execute shards until none is left (of one run, or of any), while the
     * selection goes on beside them; a selection another worker holds is waited for.
     */
    async work(
      runId?: bigint,
      onShard?: (done: number) => void,
      leaseSeconds = SHARD_LEASE_SECONDS,
    ): Promise<number> {
      let done = 0;
      let selecting = true;
      const selection = (async () => {
        try {
          for (;;) {
            const step = await selectPage(runId);
            if (step === 'done') return;
            if (step === 'busy') await sleep(SELECTION_POLL_MS);
          }
        } finally {
          selecting = false;
        }
      })();
      // Lanes side by side: one shard's start (selection, orders) overlaps another's calls.
      const lane = async () => {
        for (;;) {
          // Read before claiming: nothing to claim after the selection ended means no more.
          const selectionWent = selecting;
          const shard = await repo.claimShard(worker, leaseSeconds, runId);
          if (!shard) {
            if (selectionWent) await sleep(SELECTION_POLL_MS);
            // A run's shards other workers hold: waited for, and taken over if a lease lapses.
            else if (runId !== undefined && (await repo.shardsClaimed(runId)))
              await sleep(Math.max(50, Math.min(CLAIMED_POLL_MS, leaseSeconds * 1000)));
            else return;
            continue;
          }
          let outcome: { status: 'done' | 'failed'; error: string | null };
          const heartbeat = setInterval(
            () => void repo.renewShardClaim(shard.id, worker).catch(() => {}),
            Math.max(100, (leaseSeconds * 1000) / 3),
          );
          try {
            await executeShard(shard);
            outcome = { status: 'done', error: null };
          } catch (error) {
            outcome = { status: 'failed', error: (error as Error).message.slice(0, 500) };
          } finally {
            clearInterval(heartbeat);
          }
          await repo.finishShard(shard.id, outcome.status, outcome.error);
          // Each shard's end asks after its own commit, so the last one to end sees them all.
          if (!(await repo.otherShardLeft(shard.runId, shard.id)))
            await transaction(({ debits }) => debits.completeIfDone(shard.runId));
          done++;
          onShard?.(done);
        }
      };
      // Every lane ends before an error is thrown: no shard is left half-watched.
      const ended = await Promise.allSettled([
        selection,
        ...Array.from({ length: shardsInFlight }, lane),
      ]);
      const failure = ended.find((e) => e.status === 'rejected');
      if (failure) throw failure.reason;
      return done;
    },

    progress: (runId: bigint) => repo.runProgress(runId),

    /**
     * Today's running runs with shards left: a worker of each joins the others, or takes over
     * the shards of one that died when their leases lapse (it waits for them).
     */
    withShardsLeft: () => repo.runsWithShardsLeft(clock.today()),
  };
}

export type DebitRuns = ReturnType<typeof createDebitRuns>;
