// One shape for every job of the daily cycle: what the console lists and starts, what the
// scheduler registers on pg-boss, and what a move of the sandbox's business clock runs for each
// skipped day. A job is its definition in the registry (jobs/registry.ts): nothing else is
// written for it, in the engine or the console.
import type { JobQueue } from '@repay/db';
import type { JobRunTrigger } from '@repay/rules';
import type { z } from 'zod';
import type { Permission } from '../auth';
import type { Actor } from '../events';

/** What a run did, by name (the console shows each, titled by its dictionary key). */
export type JobCounts = Record<string, number>;

export interface JobRunContext<Params> {
  runId: bigint;
  /** Its parameters, as its schema parsed them (defaults filled in). */
  params: Params;
  trigger: JobRunTrigger;
  /** Who it acts as: the scheduler, or the user who started it (or moved the clock). */
  actor: Actor;
  /**
   * The job engine of this process, for a scheduled run only: a job that fans out work (the
   * window tick) sends it there; a run by hand or by a clock move does the work itself.
   */
  queue: JobQueue | null;
  /** How far it is (the console's progress bar); written at most every quarter second. */
  progress: (done: number, total: number | null, note?: string) => void;
  log: (message: string) => void;
}

export interface JobDefinition<Params extends Record<string, unknown> = Record<string, unknown>> {
  /** Its pg-boss queue and its name everywhere (runs, the console, the CLI's logs). */
  name: string;
  /** The console's dictionary key for its title. */
  title: string;
  /** When, in business time (Asia/Shanghai): five cron fields. */
  schedule: string;
  /** Also run once when the scheduler starts: what came due while the engine was stopped. */
  runAtStart: boolean;
  /**
   * Who may start it by hand: the permission of the work it does (admin has every one), so
   * ops start the debit jobs and finance the accrual, recon and payout jobs.
   */
  permission: Permission;
  /** Its parameters (a strict object; every field optional or defaulted, as a schedule sends {}). */
  params: z.ZodType<Params, Record<string, unknown>>;
  /**
   * Runs every few minutes: a scheduled run that found nothing to do (every count 0) leaves no
   * row, so its history shows what happened rather than thousands of idle minutes.
   */
  frequent?: boolean;
  /**
   * The times of day (HH:MM, business time) it runs in a day the business clock skips, in
   * the order of the day; none when it takes no part in the day's cycle. `schedule` uses its
   * cron's times (daily jobs).
   */
  cycle?: 'schedule' | ((day: string) => Promise<string[]>);
  run(ctx: JobRunContext<Params>): Promise<JobCounts>;
}

/** A field of a job's parameters as the console's generated form needs it. */
export interface JobField {
  name: string;
  kind: 'date' | 'integer' | 'number' | 'boolean' | 'enum' | 'text';
  required: boolean;
  description: string | null;
  min: number | null;
  max: number | null;
  options: string[] | null;
  default: string | number | boolean | null;
}
