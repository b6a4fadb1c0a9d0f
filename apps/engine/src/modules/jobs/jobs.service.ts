// The jobs (任务): the registry's definitions run the same way whoever starts them. A run is a
// row first (its parameters, trigger, who, business date), then its work: the definition's
// handler reports progress and returns its counts; the row ends succeeded with them, or failed
// with the error. While it works the row's heartbeat is renewed, so a run whose process stopped
// is found and failed rather than left running. The schedule (pg-boss), a person (start, retry
// of a failed run, with the job's own permission) and a move of the business clock all come
// through here.
import { performance } from 'node:perf_hooks';
import type { JobQueue } from '@repay/db';
import type { JobRunProgress } from '@repay/db/schema';
import type { JobRunStatus, JobRunTrigger } from '@repay/rules';
import type { Clock } from '../../lib/clock';
import { AppError, fromZodIssues, notFound } from '../../lib/errors';
import type { Transactor } from '../../lib/transaction';
import { hasPermission, type Role } from '../auth';
import { systemActor, type Actor, type AuditLog } from '../events';
import { fieldsOf } from './fields';
import type { JobRunRow, JobRunsRepo } from './job-runs.repo';
import type { JobCounts, JobDefinition, JobRunContext } from './jobs.types';
import { nextRunAfter } from './schedule';

/** The clock move's runs are kept with the jobs' (job_runs.job). */
export const CLOCK_MOVE_JOB = 'business-clock';
/** A running run renews its heartbeat this often … */
const HEARTBEAT_MS = 10_000;
/** … and one silent this long was left by a process that stopped. */
const STALE_SECONDS = 60;
/** Progress is written at most this often. */
const PROGRESS_MS = 250;

/** Whoever starts a run by hand. */
export interface JobsUser {
  id: string;
  role: Role;
}

/** A reason without the values it quotes (a file's cells, a row's values): runs keep no personal data. */
const unquoted = (message: string) => message.replace(/"[^"]*"/g, '"…"');

function errorText(error: unknown): string {
  if (error instanceof AppError) return unquoted(`${error.code}: ${error.message}`);
  return unquoted(error instanceof Error ? error.message : String(error));
}

export function runView(r: JobRunRow) {
  return {
    id: String(r.id),
    job: r.job,
    params: r.params,
    trigger: r.trigger,
    startedBy: r.startedBy,
    retryOf: r.retryOf === null ? null : String(r.retryOf),
    parentId: r.parentId === null ? null : String(r.parentId),
    businessDate: r.businessDate,
    status: r.status,
    startedAt: new Date(r.startedAt).toISOString(),
    finishedAt: r.finishedAt ? new Date(r.finishedAt).toISOString() : null,
    durationMs: r.durationMs,
    counts: r.counts,
    error: r.error,
    progress: r.progress,
  };
}
export type JobRunView = ReturnType<typeof runView>;

export function createJobs(deps: {
  repo: JobRunsRepo;
  transaction: Transactor<{ jobRuns: JobRunsRepo; audit: AuditLog }>;
  clock: Clock;
  /** The registry (read when first needed: its handlers use the services built beside this). */
  definitions: () => readonly JobDefinition[];
  /** Before a scheduled run: why it waits now (a move of the business clock under way), or null. */
  beforeScheduled?: () => Promise<string | null>;
  log?: (message: string) => void;
}) {
  const { repo, transaction, clock } = deps;
  const log = deps.log ?? ((message: string) => console.log(message));

  const definition = (name: string): JobDefinition => {
    const found = deps.definitions().find((d) => d.name === name);
    if (!found) throw notFound(`job ${name}`, 'job');
    return found;
  };

  /** Its parameters as its schema reads them; a refusal names the field (params.<field>). */
  const parse = (def: JobDefinition, params: unknown): Record<string, unknown> => {
    const parsed = def.params.safeParse(params ?? {});
    if (parsed.success) return parsed.data;
    const refusal = fromZodIssues(
      parsed.error.issues.map((i) => ({
        ...i,
        path: ['params', ...i.path],
        keys: (i as { keys?: string[] }).keys,
      })),
    );
    throw refusal;
  };

  const mayRun = (def: JobDefinition, user: JobsUser) => hasPermission(user.role, def.permission);

  /**
   * The work of a run whose row exists: the handler with its progress, heartbeat and end. An
   * error ends the run failed and is thrown on (pg-boss retries a scheduled one as before).
   */
  async function work(
    def: JobDefinition,
    runId: bigint,
    params: Record<string, unknown>,
    meta: { trigger: JobRunTrigger; actor: Actor; queue: JobQueue | null },
  ): Promise<JobCounts> {
    const began = performance.now();
    let latest: JobRunProgress | null = null;
    let pending: JobRunProgress | null = null;
    let timer: NodeJS.Timeout | null = null;
    let writes = Promise.resolve();
    const write = (progress: JobRunProgress | null) => {
      writes = writes
        .then(() => repo.beat(runId, progress))
        .catch((error: unknown) =>
          log(`[jobs] ${def.name} run ${runId}: progress not written: ${errorText(error)}`),
        );
    };
    const flush = () => {
      timer = null;
      const p = pending;
      pending = null;
      if (p) write(p);
    };
    const heartbeat = setInterval(() => write(null), HEARTBEAT_MS);
    heartbeat.unref();
    const ctx: JobRunContext<Record<string, unknown>> = {
      runId,
      params,
      trigger: meta.trigger,
      actor: meta.actor,
      queue: meta.queue,
      progress(done, total, note) {
        latest = pending = { done, total, ...(note ? { note } : {}) };
        if (!timer) timer = setTimeout(flush, PROGRESS_MS);
      },
      log,
    };
    const end = async (
      result: { status: 'succeeded'; counts: JobCounts } | { status: 'failed'; error: string },
    ) => {
      clearInterval(heartbeat);
      if (timer) clearTimeout(timer);
      timer = null;
      pending = null;
      await writes;
      const durationMs = Math.round(performance.now() - began);
      const idle =
        result.status === 'succeeded' &&
        def.frequent === true &&
        meta.trigger === 'schedule' &&
        Object.values(result.counts).every((n) => n === 0);
      if (idle) await repo.remove(runId);
      else
        await repo.finish(runId, {
          status: result.status,
          counts: result.status === 'succeeded' ? result.counts : null,
          error: result.status === 'failed' ? result.error : null,
          durationMs,
          progress: latest,
        });
    };
    try {
      const counts = await def.run(ctx);
      await end({ status: 'succeeded', counts });
      return counts;
    } catch (error) {
      await end({ status: 'failed', error: errorText(error) });
      log(`[jobs] ${def.name} run ${runId} failed: ${errorText(error)}`);
      throw error;
    }
  }

  const newRun = (
    r: Pick<JobRunsRepo, 'insert'>,
    def: JobDefinition,
    params: Record<string, unknown>,
    meta: { trigger: JobRunTrigger; startedBy: string | null; retryOf?: bigint; parentId?: bigint },
  ) =>
    r.insert({
      job: def.name,
      params,
      trigger: meta.trigger,
      startedBy: meta.startedBy === null ? null : BigInt(meta.startedBy),
      retryOf: meta.retryOf ?? null,
      parentId: meta.parentId ?? null,
      businessDate: clock.today(),
    });

  /** A start by hand or a retry: checked, recorded and audited, then worked in the background. */
  async function startByHand(
    def: JobDefinition,
    rawParams: unknown,
    user: JobsUser,
    retryOf: bigint | null,
    reason: string | null,
  ) {
    if (!mayRun(def, user))
      throw new AppError(
        'FORBIDDEN',
        `role ${user.role} may not run ${def.name}: it needs ${def.permission}`,
      );
    const params = parse(def, rawParams);
    await repo.failAbandoned(STALE_SECONDS);
    const running = await repo.runningOf(def.name);
    if (running !== null)
      throw new AppError('CONFLICT', `${def.name} is running already (run ${running})`);
    const trigger = retryOf === null ? 'manual' : 'retry';
    const actor: Actor = { type: 'user', id: user.id };
    const runId = await transaction(async (repos) => {
      const id = await newRun(repos.jobRuns, def, params, {
        trigger,
        startedBy: user.id,
        ...(retryOf === null ? {} : { retryOf }),
      });
      await repos.audit.record({
        actorType: actor.type,
        actorId: actor.id,
        action: retryOf === null ? 'jobs.start' : 'jobs.retry',
        entityType: 'job_run',
        entityId: String(id),
        ...(reason ? { reason } : {}),
        diff: { job: def.name, params, ...(retryOf === null ? {} : { retryOf: String(retryOf) }) },
      });
      return id;
    });
    // In the background: the console follows the run's progress; its end is in its row.
    void work(def, runId, params, { trigger, actor, queue: null }).catch(() => {});
    return runView((await repo.get(runId))!);
  }

  return {
    /** The registry's definitions, in the order of the day. */
    definitions: () => deps.definitions(),
    definition,

    /** A run by the schedule (pg-boss): none while the business clock moves (the move runs the day). */
    async runScheduled(name: string, queue: JobQueue | null): Promise<JobCounts | null> {
      const def = definition(name);
      const paused = await deps.beforeScheduled?.();
      if (paused) {
        log(`[jobs] ${name}: not run now: ${paused}`);
        return null;
      }
      const params = parse(def, {});
      const runId = await newRun(repo, def, params, { trigger: 'schedule', startedBy: null });
      return work(def, runId, params, {
        trigger: 'schedule',
        actor: systemActor('scheduler'),
        queue,
      });
    },

    /** A run the caller waits for, never thrown (a clock move's step): its row tells how it ended. */
    async runFor(
      name: string,
      meta: { trigger: 'clock'; startedBy: string; parentId: bigint; actor: Actor },
    ): Promise<JobRunView> {
      const def = definition(name);
      const params = parse(def, {});
      const runId = await newRun(repo, def, params, meta);
      await work(def, runId, params, {
        trigger: meta.trigger,
        actor: meta.actor,
        queue: null,
      }).catch(() => {});
      return runView((await repo.get(runId))!);
    },

    /** Every job with its schedule, next run (business time), form, latest and running run. */
    async list(user: JobsUser) {
      await repo.failAbandoned(STALE_SECONDS);
      const defs = deps.definitions();
      const latest = new Map(
        (await repo.latestOf(defs.map((d) => d.name))).map((r) => [r.job, runView(r)]),
      );
      const now = clock.now();
      return defs.map((d) => ({
        name: d.name,
        title: d.title,
        schedule: d.schedule,
        nextRunAt: nextRunAfter(d.schedule, now).toISOString(),
        permission: d.permission,
        canRun: mayRun(d, user),
        inCycle: d.cycle !== undefined,
        fields: fieldsOf(d.params),
        latest: latest.get(d.name) ?? null,
      }));
    },

    async runs(filter: {
      job?: string;
      status?: JobRunStatus;
      trigger?: JobRunTrigger;
      from?: string;
      to?: string;
      parentId?: string;
      cursor?: string | null;
      limit: number;
    }) {
      await repo.failAbandoned(STALE_SECONDS);
      const rows = await repo.list({
        job: filter.job,
        status: filter.status,
        trigger: filter.trigger,
        from: filter.from,
        to: filter.to,
        parentId: filter.parentId === undefined ? undefined : BigInt(filter.parentId),
        beforeId: filter.cursor ? BigInt(filter.cursor) : undefined,
        limit: filter.limit + 1,
      });
      const items = rows.slice(0, filter.limit).map(runView);
      return {
        items,
        nextCursor: rows.length > filter.limit ? (items[items.length - 1]?.id ?? null) : null,
      };
    },

    async run(id: string) {
      await repo.failAbandoned(STALE_SECONDS);
      const row = await repo.get(BigInt(id));
      if (!row) throw notFound(`job run ${id}`, 'runId');
      return runView(row);
    },

    /** Start a job by hand with parameters (its schema's refusal names the field). */
    start(name: string, params: unknown, user: JobsUser, reason: string | null = null) {
      return startByHand(definition(name), params, user, null, reason);
    },

    /** Run a failed run again, with the same parameters. */
    async retry(id: string, user: JobsUser, reason: string | null = null) {
      await repo.failAbandoned(STALE_SECONDS);
      const failed = await repo.get(BigInt(id));
      if (!failed) throw notFound(`job run ${id}`, 'runId');
      if (failed.status !== 'failed')
        throw new AppError(
          'CONFLICT',
          `run ${id} is ${failed.status}: only a failed run is retried`,
          {
            field: 'runId',
          },
        );
      if (failed.job === CLOCK_MOVE_JOB)
        throw new AppError('UNPROCESSABLE', 'a clock move is made again by moving the clock', {
          field: 'runId',
        });
      return startByHand(definition(failed.job), failed.params, user, failed.id, reason);
    },

    /** Heartbeat-less runs failed (their process stopped). */
    failAbandoned: () => repo.failAbandoned(STALE_SECONDS),
  };
}

export type Jobs = ReturnType<typeof createJobs>;
