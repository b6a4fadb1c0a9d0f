// job_runs and business_clock: each run of a job as it goes (progress, heartbeat) and ends
// (counts or error), the history's reads, and the sandbox business clock's row with the lease
// of the move under way. Times are the database's (now()): a run's start, end and heartbeat say
// when the engine worked, whatever the business clock says (its business date is kept beside).
import type { JobRunStatus, JobRunTrigger } from '@repay/rules';
import type { JobRunProgress } from '@repay/db/schema';
import type { Executor } from '../../lib/executor';
import type { JobCounts } from './jobs.types';

export interface JobRunRow {
  id: bigint;
  job: string;
  params: Record<string, unknown>;
  trigger: JobRunTrigger;
  startedBy: string | null;
  retryOf: bigint | null;
  parentId: bigint | null;
  businessDate: string;
  status: JobRunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  counts: JobCounts | null;
  error: string | null;
  progress: JobRunProgress | null;
}

export interface RunFilter {
  job?: string;
  status?: JobRunStatus;
  trigger?: JobRunTrigger;
  /** Business dates, inclusive. */
  from?: string;
  to?: string;
  parentId?: bigint;
  /** Keyset: runs older than this one. */
  beforeId?: bigint;
  limit: number;
}

const columns = `r.id, r.job, r.params, r.trigger, u.username AS "startedBy", r.retry_of AS "retryOf",
  r.parent_id AS "parentId", r.business_date AS "businessDate", r.status, r.started_at AS "startedAt",
  r.finished_at AS "finishedAt", r.duration_ms AS "durationMs", r.counts, r.error, r.progress`;
const from = `FROM job_runs r LEFT JOIN users u ON u.id = r.started_by`;

export function createJobRunsRepo({ sql }: Executor) {
  return {
    async insert(run: {
      job: string;
      params: Record<string, unknown>;
      trigger: JobRunTrigger;
      startedBy: bigint | null;
      retryOf: bigint | null;
      parentId: bigint | null;
      businessDate: string;
    }): Promise<bigint> {
      const [row] = await sql.query<{ id: bigint }>(
        `INSERT INTO job_runs (job, params, trigger, started_by, retry_of, parent_id, business_date)
         VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7) RETURNING id`,
        [
          run.job,
          JSON.stringify(run.params),
          run.trigger,
          run.startedBy,
          run.retryOf,
          run.parentId,
          run.businessDate,
        ],
      );
      return row!.id;
    },

    /** Progress and heartbeat of a run still running. */
    async beat(id: bigint, progress: JobRunProgress | null) {
      await sql.query(
        `UPDATE job_runs SET heartbeat_at = now(), progress = coalesce($2::jsonb, progress)
          WHERE id = $1 AND status = 'running'`,
        [id, progress === null ? null : JSON.stringify(progress)],
      );
    },

    async finish(
      id: bigint,
      end: {
        status: 'succeeded' | 'failed';
        counts: JobCounts | null;
        error: string | null;
        durationMs: number;
        progress: JobRunProgress | null;
      },
    ) {
      await sql.query(
        `UPDATE job_runs SET status = $2, counts = $3::jsonb, error = $4, duration_ms = $5,
                progress = coalesce($6::jsonb, progress), finished_at = now(), heartbeat_at = now()
          WHERE id = $1 AND status = 'running'`,
        [
          id,
          end.status,
          end.counts === null ? null : JSON.stringify(end.counts),
          end.error,
          end.durationMs,
          end.progress === null ? null : JSON.stringify(end.progress),
        ],
      );
    },

    /** A frequent job's scheduled run that did nothing: not kept. */
    async remove(id: bigint) {
      await sql.query(`DELETE FROM job_runs WHERE id = $1 AND trigger = 'schedule'`, [id]);
    },

    /**
     * Runs whose process stopped (no heartbeat for `staleSeconds`) failed: said so, ended at
     * their last heartbeat.
     */
    async failAbandoned(staleSeconds: number) {
      await sql.query(
        `UPDATE job_runs
            SET status = 'failed', finished_at = heartbeat_at,
                error = 'the engine process running it stopped (no heartbeat since ' ||
                        to_char(heartbeat_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') || ')'
          WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $1)`,
        [staleSeconds],
      );
    },

    async runningOf(job: string): Promise<bigint | null> {
      const [row] = await sql.query<{ id: bigint }>(
        `SELECT id FROM job_runs WHERE job = $1 AND status = 'running' ORDER BY id LIMIT 1`,
        [job],
      );
      return row?.id ?? null;
    },

    async get(id: bigint): Promise<JobRunRow | null> {
      const [row] = await sql.query<JobRunRow>(`SELECT ${columns} ${from} WHERE r.id = $1`, [id]);
      return row ?? null;
    },

    /** Runs, newest first. */
    list: (f: RunFilter) =>
      sql.query<JobRunRow>(
        `SELECT ${columns} ${from}
          WHERE ($1::text IS NULL OR r.job = $1) AND ($2::text IS NULL OR r.status = $2)
            AND ($3::text IS NULL OR r.trigger = $3)
            AND ($4::date IS NULL OR r.business_date >= $4) AND ($5::date IS NULL OR r.business_date <= $5)
            AND ($6::bigint IS NULL OR r.parent_id = $6) AND ($7::bigint IS NULL OR r.id < $7)
          ORDER BY r.id DESC LIMIT $8`,
        [
          f.job ?? null,
          f.status ?? null,
          f.trigger ?? null,
          f.from ?? null,
          f.to ?? null,
          f.parentId ?? null,
          f.beforeId ?? null,
          f.limit,
        ],
      ),

    /** Each job's latest run (any status). */
    latestOf: (jobs: string[]) =>
      sql.query<JobRunRow>(
        `SELECT DISTINCT ON (r.job) ${columns} ${from}
          WHERE r.job = ANY($1::text[]) ORDER BY r.job, r.id DESC`,
        [jobs],
      ),

    async clockOffset(): Promise<number> {
      const [row] = await sql.query<{ offsetDays: number }>(
        `SELECT offset_days AS "offsetDays" FROM business_clock WHERE id = 1`,
      );
      return row?.offsetDays ?? 0;
    },

    /** Takes the clock for a move unless another holds a live lease; true when taken. */
    async takeClock(runId: bigint, leaseSeconds: number): Promise<boolean> {
      const rows = await sql.query(
        `UPDATE business_clock SET move_run_id = $1, move_lease_until = now() + make_interval(secs => $2)
          WHERE id = 1 AND (move_lease_until IS NULL OR move_lease_until < now()) RETURNING id`,
        [runId, leaseSeconds],
      );
      return rows.length === 1;
    },

    async renewClock(runId: bigint, leaseSeconds: number) {
      await sql.query(
        `UPDATE business_clock SET move_lease_until = now() + make_interval(secs => $2)
          WHERE id = 1 AND move_run_id = $1`,
        [runId, leaseSeconds],
      );
    },

    /** A day of the move is done: the clock stands there (a restart keeps it). */
    async setClockOffset(runId: bigint, offsetDays: number, movedBy: bigint) {
      await sql.query(
        `UPDATE business_clock SET offset_days = $2, moved_at = now(), moved_by = $3
          WHERE id = 1 AND move_run_id = $1`,
        [runId, offsetDays, movedBy],
      );
    },

    async releaseClock(runId: bigint) {
      await sql.query(
        `UPDATE business_clock SET move_run_id = NULL, move_lease_until = NULL
          WHERE id = 1 AND move_run_id = $1`,
        [runId],
      );
    },

    /** The move holding the clock now (its lease live), if any. */
    async clockMove(): Promise<bigint | null> {
      const [row] = await sql.query<{ runId: bigint | null }>(
        `SELECT move_run_id AS "runId" FROM business_clock
          WHERE id = 1 AND move_lease_until >= now()`,
      );
      return row?.runId ?? null;
    },
  };
}

export type JobRunsRepo = ReturnType<typeof createJobRunsRepo>;
