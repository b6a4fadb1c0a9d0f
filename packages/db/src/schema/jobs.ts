// Jobs (任务): each run of a scheduled job, by its schedule, a person or a move of the business
// clock (with its parameters, progress, counts or error), and the sandbox's business clock: how
// many days it stands ahead of the engine's clock, and the move under way (a lease).
import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { id, oneOf, ref, timestamptz } from './columns';
import { JOB_RUN_STATUSES, JOB_RUN_TRIGGERS } from './enums';
import { users } from './auth';

export interface JobRunProgress {
  done: number;
  total: number | null;
  /** What it is doing (a day and a job for a clock move). */
  note?: string;
}

export const jobRuns = pgTable(
  'job_runs',
  {
    id: id(),
    /** The job's name in the registry (its queue), or `business-clock` for a clock move. */
    job: text('job').notNull(),
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    trigger: text('trigger', { enum: JOB_RUN_TRIGGERS }).notNull(),
    /** Who started it (a start, a retry, or the clock move that ran it); null for the schedule. */
    startedBy: ref('started_by').references(() => users.id),
    /** The failed run a retry runs again. */
    retryOf: ref('retry_of').references((): AnyPgColumn => jobRuns.id),
    /** The clock move that ran it. */
    parentId: ref('parent_id').references((): AnyPgColumn => jobRuns.id),
    /** The business date when it started. */
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    status: text('status', { enum: JOB_RUN_STATUSES }).notNull().default('running'),
    startedAt: timestamptz('started_at').notNull().defaultNow(),
    finishedAt: timestamptz('finished_at'),
    durationMs: integer('duration_ms'),
    counts: jsonb('counts').$type<Record<string, number>>(),
    error: text('error'),
    progress: jsonb('progress').$type<JobRunProgress>(),
    /** Renewed while the run works: a running run whose process stopped is found by it. */
    heartbeatAt: timestamptz('heartbeat_at').notNull().defaultNow(),
  },
  (t) => [
    oneOf('job_runs_status_check', t.status, JOB_RUN_STATUSES),
    oneOf('job_runs_trigger_check', t.trigger, JOB_RUN_TRIGGERS),
    check('job_runs_started_by_check', sql`(${t.trigger} = 'schedule') = (${t.startedBy} IS NULL)`),
    check('job_runs_finished_check', sql`(${t.status} = 'running') = (${t.finishedAt} IS NULL)`),
    // A job's runs, newest first (its drawer, its last result).
    index('job_runs_job_idx').on(t.job, t.id),
    index('job_runs_running_idx')
      .on(t.job)
      .where(sql`${t.status} = 'running'`),
    index('job_runs_parent_idx')
      .on(t.parentId)
      .where(sql`${t.parentId} IS NOT NULL`),
  ],
);

/** One row (id 1): the sandbox's business clock. Production has the row and never reads it. */
export const businessClock = pgTable(
  'business_clock',
  {
    id: smallint('id').primaryKey().default(1),
    /** Whole days ahead of the engine's clock (system or REPAY_CLOCK): crons keep their times of day. */
    offsetDays: integer('offset_days').notNull().default(0),
    movedAt: timestamptz('moved_at'),
    movedBy: ref('moved_by').references(() => users.id),
    /** The move under way (its run) and until when its lease holds (renewed as it goes). */
    moveRunId: ref('move_run_id').references(() => jobRuns.id),
    moveLeaseUntil: timestamptz('move_lease_until'),
  },
  (t) => [
    check('business_clock_single_row', sql`${t.id} = 1`),
    check('business_clock_forward', sql`${t.offsetDays} >= 0`),
  ],
);
