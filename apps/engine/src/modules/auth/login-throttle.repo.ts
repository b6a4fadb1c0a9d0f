// Failed sign-ins per bucket, counted in one statement so concurrent processes add up exactly.
import type { Executor } from '../../lib/executor';

export interface ThrottleRule {
  /** Failures within `windowMs` of the first one that lock the bucket. */
  limit: number;
  windowMs: number;
  lockMs: number;
}

export function createLoginThrottleRepo({ sql }: Executor) {
  return {
    /** The latest lock end among these buckets that is still ahead of `now`, or null. */
    async lockedUntil(buckets: string[], now: Date): Promise<Date | null> {
      const [row] = await sql.query<{ until: Date | null }>(
        `SELECT max(locked_until) AS until FROM login_throttles
          WHERE bucket = ANY($1::text[]) AND locked_until > $2`,
        [buckets, now],
      );
      return row?.until ?? null;
    },

    /**
     * Counts one failure: a bucket whose window has passed starts again at one. Returns the lock
     * end when this failure reached the limit, else null.
     */
    async recordFailure(bucket: string, now: Date, rule: ThrottleRule): Promise<Date | null> {
      const windowFloor = new Date(now.getTime() - rule.windowMs);
      const lockEnd = new Date(now.getTime() + rule.lockMs);
      const [row] = await sql.query<{ failures: number; locked_until: Date | null }>(
        `INSERT INTO login_throttles AS t (bucket, failures, window_started_at, locked_until)
         VALUES ($1, 1, $2, CASE WHEN $5::int <= 1 THEN $4::timestamptz END)
         ON CONFLICT (bucket) DO UPDATE SET
           failures = CASE WHEN t.window_started_at <= $3 THEN 1 ELSE t.failures + 1 END,
           window_started_at = CASE WHEN t.window_started_at <= $3 THEN $2 ELSE t.window_started_at END,
           locked_until = CASE
             WHEN (CASE WHEN t.window_started_at <= $3 THEN 1 ELSE t.failures + 1 END) >= $5 THEN $4
             ELSE t.locked_until END
         RETURNING failures, locked_until`,
        [bucket, now, windowFloor, lockEnd, rule.limit],
      );
      return row && row.failures >= rule.limit ? row.locked_until : null;
    },

    async clear(bucket: string): Promise<void> {
      await sql.query(`DELETE FROM login_throttles WHERE bucket = $1`, [bucket]);
    },

    /** Buckets whose window and lock have both passed: they would start again at one anyway. */
    async prune(now: Date, windowFloor: Date): Promise<number> {
      const deleted = await sql.query<{ bucket: string }>(
        `DELETE FROM login_throttles
          WHERE window_started_at < $2 AND (locked_until IS NULL OR locked_until < $1)
          RETURNING bucket`,
        [now, windowFloor],
      );
      return deleted.length;
    },
  };
}

export type LoginThrottleRepo = ReturnType<typeof createLoginThrottleRepo>;
