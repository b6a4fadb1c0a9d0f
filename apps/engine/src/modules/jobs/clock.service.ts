// Moving the sandbox's business clock forward (a day, or to a date): the skipped time runs as the
// schedule would have run it, day by day. Each job of the day's cycle runs at each of its times
// in the skipped span (after now, up to the same time on the target date), in order of time and
// then of the registry (transfers, accrual, windows, compensation, statements, remittance,
// payouts), with the clock stepped to that instant; each finished day is stored, so a restart
// keeps it. One move at a time (the clock row's lease), never backwards, never in production.
// A job that fails stops the move at the last day fully run: moving again runs that day again
// (every job is idempotent).
import { addDays, daysBetween, isValidDate } from '@repay/rules';
import { AppError } from '../../lib/errors';
import type { Transactor } from '../../lib/transaction';
import type { Actor, AuditLog } from '../events';
import type { BusinessClock } from './business-clock';
import type { JobRunsRepo } from './job-runs.repo';
import { CLOCK_MOVE_JOB, runView, type Jobs, type JobsUser } from './jobs.service';
import { instantOf, timesOn } from './schedule';

/** The farthest one move goes (each day runs the whole cycle). */
export const MAX_MOVE_DAYS = 31;
const LEASE_SECONDS = 300;
const DAY_MS = 86_400_000;

export interface CycleStep {
  day: string;
  time: string;
  at: Date;
  job: string;
}

export function createClockControl(deps: {
  /** Null in production: there is no business clock to move. */
  clock: BusinessClock | null;
  mode: 'sandbox' | 'production';
  repo: JobRunsRepo;
  transaction: Transactor<{ jobRuns: JobRunsRepo; audit: AuditLog }>;
  jobs: Jobs;
  log?: (message: string) => void;
}) {
  const { repo, jobs, transaction } = deps;
  const log = deps.log ?? ((message: string) => console.log(message));

  const sandboxClock = (): BusinessClock => {
    if (!deps.clock)
      throw new AppError(
        'FORBIDDEN',
        'the business clock moves only in sandbox mode: in production (REPAY_ENV=production) the date is the real one',
      );
    return deps.clock;
  };

  /** Every job's steps in the span (from, to], in order of time, then of the registry. */
  async function stepsBetween(from: Date, to: Date): Promise<CycleStep[]> {
    const clock = sandboxClock();
    const first = clock.today();
    const last = addDays(first, Math.ceil((to.getTime() - from.getTime()) / DAY_MS) + 1);
    const steps: (CycleStep & { order: number })[] = [];
    const defs = jobs.definitions();
    for (let day = first; day <= last; day = addDays(day, 1))
      for (const [order, def] of defs.entries()) {
        if (!def.cycle) continue;
        const times = def.cycle === 'schedule' ? timesOn(def.schedule, day) : await def.cycle(day);
        for (const time of times) {
          const at = instantOf(day, time);
          if (at > from && at <= to) steps.push({ day, time, at, job: def.name, order });
        }
      }
    steps.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
    return steps.map(({ order: _, ...step }) => step);
  }

  async function move(runId: bigint, user: JobsUser, days: number) {
    const clock = sandboxClock();
    const began = Date.now();
    const startOffset = clock.offsetDays;
    const from = clock.now();
    const actor: Actor = { type: 'user', id: user.id };
    // The clock's lease and the move's heartbeat, however long one day's job takes.
    const lease = setInterval(() => {
      repo.renewClock(runId, LEASE_SECONDS).catch(() => {});
      repo.beat(runId, null).catch(() => {});
    }, 10_000);
    lease.unref();
    const counts = { days: 0, runs: 0, failed: 0 };
    let error: string | null = null;
    let steps: CycleStep[] = [];
    try {
      steps = await stepsBetween(from, new Date(from.getTime() + days * DAY_MS));
      let done = 0;
      await repo.beat(runId, { done, total: steps.length });
      for (let k = 1; k <= days && error === null; k++) {
        const dayEnd = new Date(from.getTime() + k * DAY_MS);
        for (const step of steps.filter(
          (s) => s.at > new Date(dayEnd.getTime() - DAY_MS) && s.at <= dayEnd,
        )) {
          clock.stepAt(step.at);
          const run = await jobs.runFor(step.job, {
            trigger: 'clock',
            startedBy: user.id,
            parentId: runId,
            actor,
          });
          counts.runs++;
          done++;
          await repo.beat(runId, {
            done,
            total: steps.length,
            note: `${step.day} ${step.time} ${step.job}`,
          });
          if (run.status === 'failed') {
            counts.failed++;
            error = `stopped at ${step.day} ${step.time}: ${step.job} failed (run ${run.id}): ${run.error ?? ''}`;
            break;
          }
        }
        if (error !== null) break;
        clock.stepAt(null);
        await repo.setClockOffset(runId, startOffset + k, BigInt(user.id));
        clock.setOffsetDays(startOffset + k);
        counts.days = k;
      }
    } catch (thrown) {
      error = thrown instanceof Error ? thrown.message : String(thrown);
    } finally {
      clearInterval(lease);
      clock.stepAt(null);
      await repo.releaseClock(runId);
    }
    await repo.finish(runId, {
      status: error === null ? 'succeeded' : 'failed',
      counts,
      error,
      durationMs: Date.now() - began,
      progress: { done: counts.runs, total: steps.length, note: clock.today() },
    });
    log(
      `[clock] business date ${clock.today()}: ${counts.days} of ${days} days run (${counts.runs} job runs)${error ? `; ${error}` : ''}`,
    );
  }

  return {
    /** What the console shows: the mode, the business date and time, and the latest move. */
    async state() {
      const [latest] = await repo.list({ job: CLOCK_MOVE_JOB, limit: 1 });
      const clock = deps.clock;
      return {
        mode: deps.mode,
        movable: clock !== null,
        now: (clock ?? null)?.now().toISOString() ?? null,
        today: clock?.today() ?? null,
        offsetDays: clock?.offsetDays ?? 0,
        maxDays: MAX_MOVE_DAYS,
        latestMove: latest && clock ? runView(latest) : null,
      };
    },

    /** The skipped span's steps, for a test or a look before moving. */
    stepsBetween,

    /** Move forward a number of days or to a date; the move runs in the background. */
    async advance(input: { days?: number; to?: string }, user: JobsUser) {
      const clock = sandboxClock();
      await clock.refresh();
      const today = clock.today();
      let days: number;
      if (input.to !== undefined) {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(input.to) || !isValidDate(input.to))
          throw new AppError('VALIDATION_FAILED', 'to: a calendar date as YYYY-MM-DD', {
            field: 'to',
          });
        days = daysBetween(today, input.to);
        if (days <= 0)
          throw new AppError(
            'UNPROCESSABLE',
            `the business clock only moves forward: ${input.to} is not after ${today}`,
            { field: 'to' },
          );
      } else days = input.days ?? 1;
      if (!Number.isInteger(days) || days < 1 || days > MAX_MOVE_DAYS)
        throw new AppError(
          'UNPROCESSABLE',
          `a move is 1 to ${MAX_MOVE_DAYS} days (each day runs its whole cycle)`,
          { field: input.to !== undefined ? 'to' : 'days' },
        );
      await jobs.failAbandoned();
      const to = addDays(today, days);
      const runId = await transaction(async (repos) => {
        const id = await repos.jobRuns.insert({
          job: CLOCK_MOVE_JOB,
          params: { from: today, to, days },
          trigger: 'manual',
          startedBy: BigInt(user.id),
          retryOf: null,
          parentId: null,
          businessDate: today,
        });
        if (!(await repos.jobRuns.takeClock(id, LEASE_SECONDS)))
          throw new AppError(
            'CONFLICT',
            'the business clock is moving already: one move at a time',
          );
        await repos.audit.record({
          actorType: 'user',
          actorId: user.id,
          action: 'clock.advance',
          entityType: 'business_clock',
          entityId: '1',
          diff: { from: today, to, days },
        });
        return id;
      });
      void move(runId, user, days).catch((error: unknown) =>
        log(`[clock] move ${runId} failed: ${(error as Error).message}`),
      );
      return runView((await repo.get(runId))!);
    },

    /**
     * Before a scheduled run: the clock as another process may have moved it, and why the run
     * waits now (a move is running the skipped days itself), or null.
     */
    async beforeScheduled(): Promise<string | null> {
      if (!deps.clock) return null;
      const moving = await repo.clockMove();
      if (moving !== null) return `the business clock is moving (run ${moving})`;
      await deps.clock.refresh();
      return null;
    },

    /** Reads the clock's days again (serve does it every few seconds: another process may move it). */
    refresh: async () => {
      if (deps.clock && (await repo.clockMove()) === null) await deps.clock.refresh();
    },
  };
}

export type ClockControl = ReturnType<typeof createClockControl>;
