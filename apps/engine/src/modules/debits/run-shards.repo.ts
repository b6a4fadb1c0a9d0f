// Window runs and their shards: one run per (business date, window, scope), its selection
// page by page, and shards leased by workers (a lease that lapses is taken over).
import type { Executor } from '../../lib/executor';
import { bigintOf } from '../../lib/rows';
import type { SelectionState } from './debits.types';

/** No shard of the run `r` is left to do (pending, running or failed). */
const runIsDone = `NOT EXISTS (SELECT 1 FROM debit_run_shards s WHERE s.run_id = r.id AND s.status <> 'done')`;

export function createDebitRunsRepo({ sql }: Executor) {
  return {
    /** The run for this key: created now, or the one that exists (a second start is harmless). */
    async createRun(values: {
      runKey: string;
      businessDate: string;
      window: string;
      scope: string;
      startedBy: string;
    }): Promise<{ id: bigint; created: boolean }> {
      const inserted = await sql.query<{ id: bigint }>(
        `INSERT INTO debit_runs (run_key, business_date, "window", scope, started_by)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (run_key) DO NOTHING RETURNING id`,
        [values.runKey, values.businessDate, values.window, values.scope, values.startedBy],
      );
      if (inserted[0]) return { id: bigintOf(inserted[0].id), created: true };
      const [row] = await sql.query<{ id: bigint }>(
        `SELECT id FROM debit_runs WHERE run_key = $1`,
        [values.runKey],
      );
      return { id: bigintOf(row!.id), created: false };
    },

    async runExists(runKey: string): Promise<boolean> {
      const rows = await sql.query(`SELECT 1 FROM debit_runs WHERE run_key = $1`, [runKey]);
      return rows.length === 1;
    },

    async funderExists(code: string): Promise<boolean> {
      const rows = await sql.query(`SELECT 1 FROM funders WHERE code = $1`, [code]);
      return rows.length === 1;
    },

    /**
     * The run whose selection goes on (this one, or the oldest running run still selecting),
     * locked until the transaction ends: one worker selects a run at a time. 'busy' when
     * another worker holds it; null when no selection is left (or the run is not running).
     */
    async lockSelection(runId?: bigint): Promise<SelectionState | 'busy' | null> {
      const [row] = await sql.query<Record<string, unknown>>(
        `SELECT id, business_date::text AS "businessDate", "window", scope, selection_cursor AS cursor
           FROM debit_runs
          WHERE status = 'running' AND selected_at IS NULL AND ($1::bigint IS NULL OR id = $1)
          ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [runId ?? null],
      );
      if (row)
        return {
          runId: bigintOf(row.id),
          businessDate: row.businessDate as string,
          window: row.window as string,
          scope: row.scope as string,
          cursor: row.cursor === null ? null : bigintOf(row.cursor),
        };
      const waiting = await sql.query(
        `SELECT 1 FROM debit_runs
          WHERE status = 'running' AND selected_at IS NULL AND ($1::bigint IS NULL OR id = $1) LIMIT 1`,
        [runId ?? null],
      );
      return waiting.length > 0 ? 'busy' : null;
    },

    /**
     * A page of the selection saved, under the lock of lockSelection: its shards (numbered on
     * from the run's), the totals, the cursor; on the last page the selection ends, and a run
     * with no shard left to do is complete.
     */
    async savePage(
      runId: bigint,
      page: { shards: bigint[][]; installments: number; cursor: bigint | null; last: boolean },
    ): Promise<void> {
      if (page.shards.length > 0)
        await sql.query(
          `INSERT INTO debit_run_shards (run_id, shard_no, installment_ids)
           SELECT r.id, r.shards_total + x.n, ARRAY(SELECT jsonb_array_elements_text(x.s)::bigint)
             FROM debit_runs r, jsonb_array_elements($2::jsonb) WITH ORDINALITY AS x(s, n)
            WHERE r.id = $1`,
          [runId, JSON.stringify(page.shards.map((s) => s.map(String)))],
        );
      await sql.query(
        `UPDATE debit_runs r SET shards_total = shards_total + $2, installments_total = installments_total + $3,
                selection_cursor = $4, selected_at = CASE WHEN $5 THEN now() END,
                status = CASE WHEN $5 AND ${runIsDone} THEN 'completed' ELSE status END,
                finished_at = CASE WHEN $5 AND ${runIsDone} THEN now() ELSE finished_at END
          WHERE id = $1`,
        [runId, page.shards.length, page.installments, page.cursor, page.last],
      );
    },

    /**
     * Claim one pending shard of a running run (SKIP LOCKED: workers never wait for each
     * other). A claim is a lease its worker renews (renewShardClaim): a shard whose claim was
     * not renewed for `staleSeconds` (its worker died) is pending again.
     */
    async claimShard(worker: string, staleSeconds: number, runId?: bigint) {
      await sql.query(
        `UPDATE debit_run_shards SET status = 'pending', worker = NULL
          WHERE status = 'running' AND claimed_at < now() - make_interval(secs => $1)`,
        [staleSeconds],
      );
      const [row] = await sql.query<{ id: bigint; runId: bigint; installmentIds: bigint[] }>(
        `UPDATE debit_run_shards s SET status = 'running', worker = $1, claimed_at = now(), attempts = attempts + 1
          WHERE s.id = (
            SELECT s2.id FROM debit_run_shards s2 JOIN debit_runs r ON r.id = s2.run_id
             WHERE s2.status = 'pending' AND r.status = 'running' AND ($2::bigint IS NULL OR r.id = $2)
             ORDER BY s2.id FOR UPDATE OF s2 SKIP LOCKED LIMIT 1)
          RETURNING s.id, s.run_id AS "runId", s.installment_ids AS "installmentIds"`,
        [worker, runId ?? null],
      );
      return row
        ? {
            id: bigintOf(row.id),
            runId: bigintOf(row.runId),
            installmentIds: row.installmentIds.map(bigintOf),
          }
        : null;
    },

    /**
     * The worker's heartbeat on the shard it runs: its claim renewed (a lease), so that nobody
     * takes it over while it works. False when the shard is no longer this worker's.
     */
    async renewShardClaim(shardId: bigint, worker: string): Promise<boolean> {
      const rows = await sql.query(
        `UPDATE debit_run_shards SET claimed_at = now()
          WHERE id = $1 AND worker = $2 AND status = 'running' RETURNING id`,
        [shardId, worker],
      );
      return rows.length === 1;
    },

    /** A shard of the running run is claimed by a worker (alive, or its lease not lapsed yet). */
    async shardsClaimed(runId: bigint): Promise<boolean> {
      const rows = await sql.query(
        `SELECT 1 FROM debit_run_shards s JOIN debit_runs r ON r.id = s.run_id
          WHERE s.run_id = $1 AND s.status = 'running' AND r.status = 'running' LIMIT 1`,
        [runId],
      );
      return rows.length > 0;
    },

    /**
     * Running runs of the date with shards left to do (pending, or claimed by a worker that may
     * have died): each gets a worker, which joins the others or waits for a claim to lapse.
     */
    async runsWithShardsLeft(date: string) {
      const rows = await sql.query<{ id: bigint; window: string }>(
        `SELECT r.id, r."window" FROM debit_runs r
          WHERE r.status = 'running' AND r.business_date = $1::date
            AND EXISTS (SELECT 1 FROM debit_run_shards s
                         WHERE s.run_id = r.id AND s.status IN ('pending', 'running'))
          ORDER BY r.id`,
        [date],
      );
      return rows.map((r) => ({ runId: bigintOf(r.id), window: r.window }));
    },

    /** A shard's end (committed on its own, before the run's completion is asked). */
    async finishShard(shardId: bigint, status: 'done' | 'failed', error: string | null) {
      await sql.query(
        `UPDATE debit_run_shards SET status = $2, error = $3, finished_at = now() WHERE id = $1`,
        [shardId, status, error],
      );
    },

    /** Another shard of the run is still to do: its own end asks the run's completion. */
    async otherShardLeft(runId: bigint, shardId: bigint): Promise<boolean> {
      const rows = await sql.query(
        `SELECT 1 FROM debit_run_shards WHERE run_id = $1 AND id <> $2 AND status <> 'done' LIMIT 1`,
        [runId, shardId],
      );
      return rows.length > 0;
    },

    /**
     * The run complete when its selection has ended and no shard is left to do. Called in a
     * transaction: the run's row is locked first, so that this and the selection's last page
     * (which holds it) see each other's shards whichever commits first.
     */
    async completeIfDone(runId: bigint) {
      await sql.query(`SELECT 1 FROM debit_runs WHERE id = $1 FOR UPDATE`, [runId]);
      await sql.query(
        `UPDATE debit_runs r SET status = 'completed', finished_at = now()
          WHERE r.id = $1 AND r.status = 'running' AND r.selected_at IS NOT NULL AND ${runIsDone}`,
        [runId],
      );
    },

    async runOf(runId: bigint) {
      const [row] = await sql.query<{
        businessDate: string;
        window: string;
        status: string;
        selecting: boolean;
      }>(
        `SELECT business_date::text AS "businessDate", "window", status, selected_at IS NULL AS selecting
           FROM debit_runs WHERE id = $1`,
        [runId],
      );
      return row ?? null;
    },

    /** The run's progress: shards and orders by status, amounts asked and collected. */
    async runProgress(runId: bigint) {
      const [shards] = await sql.query<Record<string, unknown>>(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'done')::int AS done,
                count(*) FILTER (WHERE status = 'failed')::int AS failed
           FROM debit_run_shards WHERE run_id = $1`,
        [runId],
      );
      const orders = await sql.query<{ status: string; n: number; amount: string }>(
        `SELECT status, count(*)::int AS n, sum(amount)::text AS amount
           FROM debit_orders WHERE batch_run_id = $1 GROUP BY status`,
        [runId],
      );
      const [run] = await sql.query<{ selecting: boolean }>(
        `SELECT selected_at IS NULL AS selecting FROM debit_runs WHERE id = $1`,
        [runId],
      );
      // While the selection goes on, the shard total grows page by page.
      return { shards, orders, selecting: run?.selecting ?? false };
    },
  };
}
