// Debit runs, shards and orders. A card with a suspended agreement (a fail_card answer: lost,
// frozen, agreement gone) is not debited at all until the borrower binds again (docs/domain.md:
// "stop debiting this card; ask for re-binding").
// Selection and order creation are set-based; every state
// change of an order is a guarded UPDATE (from the states it may leave) plus an event row.
import type { DebitStatus } from '@repay/db/schema';
import type { ChannelResultClass } from '@repay/rules';
import { jsonArray } from '@repay/db';
import type { Executor } from '../../lib/executor';
import { DEBIT_AWAITING_ANSWER, DEBIT_IN_FLIGHT, OPEN_INSTALLMENT } from '../../lib/status-sql';
import { bigintOf } from '../../lib/rows';

/** An installment with what routing and the window rule need to decide about it. */
export interface DebitCandidate {
  installmentId: bigint;
  loanId: bigint;
  orderNo: string;
  businessLine: string;
  funderId: bigint;
  funderCode: string;
  productCode: string;
  cardId: bigint;
  bankCode: string;
  dueDate: string;
  loanActive: boolean;
  pausedUntil: string | null;
  outstandingFen: bigint;
  attemptsToday: number;
  insufficientToday: number;
}

export interface DebitOrderRow {
  id: bigint;
  idempotencyKey: string;
  loanId: bigint;
  installmentId: bigint;
  funderId: bigint;
  cardId: bigint | null;
  amount: bigint;
  status: DebitStatus;
  channelCode: string | null;
  businessDate: string;
  window: string | null;
  queryAttempts: number;
  batchRunId: bigint | null;
}

/** A window's order as the shard makes it. */
export interface NewOrder {
  idempotencyKey: string;
  loanId: bigint;
  installmentId: bigint;
  funderId: bigint;
  cardId: bigint;
  amount: bigint;
  ruleVersions: Record<string, string>;
}

export interface MovePatch {
  channelCode?: string;
  routing?: unknown;
  resultClass?: ChannelResultClass | null;
  rawCode?: string | null;
  rawMessage?: string | null;
  channelSerial?: string | null;
  nextQueryAt?: Date | null;
  queryAttempts?: number;
  /** The amount changes only when a debit is split at submission (channel limits). */
  amount?: bigint;
  submitted?: boolean;
  finished?: boolean;
  /**
   * Move only if the debit guard's rule allows this debit to take money at this instant (the
   * business clock's now): a `created` order's first send is a debit like its insert was.
   */
  guardAt?: Date;
}

/** One order's state change: from one of `from` to `to`. */
export interface Move {
  id: bigint;
  from: DebitStatus[];
  to: DebitStatus;
  patch: MovePatch;
}

/** A run's scope as filters (none: every loan). */
export interface RunScopeFilter {
  funderCode?: string;
  businessLine?: string;
}

/** Where a run's selection stands: the last installment id it looked at (null: none yet). */
export interface SelectionState {
  runId: bigint;
  businessDate: string;
  window: string;
  scope: string;
  cursor: bigint | null;
}

export interface LockedInstallment {
  id: bigint;
  dueDate: string;
  period: number;
  orderNo: string;
  businessLine: string;
  funderCode: string;
  productCode: string;
  outstanding: { principal: bigint; interest: bigint; fee: bigint; penalty: bigint };
}

const candidateColumns = `
  i.id AS "installmentId", l.id AS "loanId", l.order_no AS "orderNo",
  l.business_line AS "businessLine", l.funder_id AS "funderId", f.code AS "funderCode",
  p.code AS "productCode", l.card_id AS "cardId", c.bank_code AS "bankCode",
  i.due_date::text AS "dueDate", l.status = 'active' AS "loanActive",
  CASE WHEN l.paused_reason IS NOT NULL THEN coalesce(l.paused_until, DATE '9999-12-31')::text END AS "pausedUntil",
  (i.principal_due - i.principal_paid + i.interest_due - i.interest_paid
   + i.fee_due - i.fee_paid + i.penalty_due - i.penalty_paid)::bigint AS "outstandingFen",
  coalesce(t.attempts, 0)::int AS "attemptsToday",
  coalesce(t.insufficient, 0)::int AS "insufficientToday"`;

// Candidates of a selection page or a shard (a few thousand installments), driven by their
// ids: every table is probed per installment through its index (lateral subqueries with
// OFFSET 0, which the planner cannot flatten). As a join filtered by the id list, the planner
// hashed a parallel scan of all loans, or of all installments, once per shard (30–100 ms a
// shard at 100,000, growing with the tables), and its anti join could scan all of today's
// orders; a page as a join ordered by id scanned every card agreement once per page.
const candidateFrom = `
  FROM unnest($2::bigint[]) AS s(id)
  JOIN LATERAL (SELECT * FROM installments i0 WHERE i0.id = s.id OFFSET 0) i ON true
  JOIN LATERAL (SELECT * FROM loans l0 WHERE l0.id = i.loan_id OFFSET 0) l ON true
  JOIN LATERAL (SELECT * FROM cards c0 WHERE c0.id = l.card_id OFFSET 0) c ON true
  JOIN funders f ON f.id = l.funder_id
  JOIN products p ON p.id = l.product_id
  LEFT JOIN LATERAL (
    SELECT count(*) AS attempts, count(*) FILTER (WHERE d.result_class = 'fail_funds') AS insufficient
      FROM debit_orders d WHERE d.installment_id = i.id AND d.business_date = $1::date
  ) t ON true
  LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE a.status = 'active') AS active,
           count(*) FILTER (WHERE a.status = 'suspended') AS suspended
      FROM card_agreements a WHERE a.card_id = l.card_id OFFSET 0
  ) ag ON true
  LEFT JOIN LATERAL (
    SELECT 1 AS busy FROM debit_orders d
     WHERE d.installment_id = i.id AND d.status IN ${DEBIT_IN_FLIGHT} LIMIT 1
  ) fl ON true`;

const candidateWhere = `
  i.is_current AND i.status IN ${OPEN_INSTALLMENT} AND i.due_date <= $1::date
  AND ag.active > 0 AND ag.suspended = 0 AND fl.busy IS NULL`;

/** No shard of the run `r` is left to do (pending, running or failed). */
const runIsDone = `NOT EXISTS (SELECT 1 FROM debit_run_shards s WHERE s.run_id = r.id AND s.status <> 'done')`;

// The row itself becomes the candidate (a selection reads a million of them: no copies).
function toCandidate(r: Record<string, unknown>): DebitCandidate {
  r.installmentId = bigintOf(r.installmentId);
  r.loanId = bigintOf(r.loanId);
  r.funderId = bigintOf(r.funderId);
  r.cardId = bigintOf(r.cardId);
  r.outstandingFen = bigintOf(r.outstandingFen);
  return r as unknown as DebitCandidate;
}

/** $1–$10 of both order inserts: a window's orders as columns (unnest) and their run. */
function newOrderParams(
  rows: NewOrder[],
  context: { businessDate: string; window: string; runId: bigint },
): unknown[] {
  return [
    rows.map((r) => r.idempotencyKey),
    rows.map((r) => r.loanId),
    rows.map((r) => r.installmentId),
    rows.map((r) => r.funderId),
    rows.map((r) => r.cardId),
    rows.map((r) => r.amount),
    context.businessDate,
    context.window,
    context.runId,
    jsonArray(rows.map((r) => r.ruleVersions)),
  ];
}

export function createDebitsRepo({ sql }: Executor) {
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
     * A page of the run's selection: the ids of current open installments due by the date,
     * after the cursor, in id order (the primary key's order: a page costs the same wherever
     * it is, and a selection cut short resumes where it stopped).
     */
    async dueInstallmentIds(date: string, after: bigint | null, limit: number): Promise<bigint[]> {
      const rows = await sql.query<{ id: bigint }>(
        `SELECT id FROM installments
          WHERE is_current AND status IN ${OPEN_INSTALLMENT} AND due_date <= $1::date
            AND ($2::bigint IS NULL OR id > $2)
          ORDER BY id LIMIT $3`,
        [date, after, limit],
      );
      return rows.map((r) => bigintOf(r.id));
    },

    /**
     * Of these installments, those open and due by the date, on a card with an active
     * agreement and none suspended, with no debit in flight, in the scope: a page of a
     * selection, and a shard's installments asked again when the shard runs.
     */
    async candidatesOf(date: string, installmentIds: bigint[], scope: RunScopeFilter = {}) {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT ${candidateColumns} ${candidateFrom}
          WHERE ${candidateWhere}
            AND ($3::text IS NULL OR f.code = $3) AND ($4::text IS NULL OR l.business_line = $4)
          ORDER BY i.id`,
        [date, installmentIds, scope.funderCode ?? null, scope.businessLine ?? null],
      );
      return rows.map(toCandidate);
    },

    /** What routing needs for orders already made (their own card, whatever is eligible now). */
    async routingContextOf(orderIds: bigint[]) {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT d.id AS "orderId", l.id AS "loanId", l.order_no AS "orderNo", l.business_line AS "businessLine",
                f.code AS "funderCode", p.code AS "productCode", d.card_id AS "cardId", c.bank_code AS "bankCode"
           FROM debit_orders d JOIN loans l ON l.id = d.loan_id JOIN funders f ON f.id = l.funder_id
           JOIN products p ON p.id = l.product_id JOIN cards c ON c.id = d.card_id
          WHERE d.id = ANY($1::bigint[])`,
        [orderIds],
      );
      return new Map(
        rows.map((r) => [
          bigintOf(r.orderId),
          {
            loanId: bigintOf(r.loanId),
            orderNo: r.orderNo as string,
            businessLine: r.businessLine as string,
            funderCode: r.funderCode as string,
            productCode: r.productCode as string,
            cardId: bigintOf(r.cardId),
            bankCode: r.bankCode as string,
          },
        ]),
      );
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

    /**
     * Orders for the shard, set-based; an existing key (a shard run again) or an installment
     * already in flight (the partial unique index) inserts nothing. Returns the shard's orders
     * still `created`: never sent, so safe to send.
     */
    async createOrders(
      rows: NewOrder[],
      context: { businessDate: string; window: string; runId: bigint },
    ): Promise<DebitOrderRow[]> {
      if (rows.length === 0) return [];
      await sql.query(
        `INSERT INTO debit_orders (idempotency_key, loan_id, installment_id, funder_id, card_id, source,
                                   business_date, "window", amount, rule_versions, batch_run_id)
         SELECT k, lo, ins, fu, ca, 'window', $7::date, $8, am, NULLIF(rv, 'null'), $9
           FROM ROWS FROM (unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[]),
                           jsonb_array_elements($10::jsonb))
                AS x(k, lo, ins, fu, ca, am, rv)
         ON CONFLICT DO NOTHING`,
        newOrderParams(rows, context),
      );
      return this.ordersByKeys(
        rows.map((r) => r.idempotencyKey),
        ['created'],
      );
    },

    /**
     * A window's orders already routed, inserted as submitted together with their first event
     * (created → submitted): one statement, committed before any call, one write per order
     * instead of an insert and an update. An existing key (the shard run again) or an
     * installment already in flight (the partial unique index) inserts nothing and is not
     * returned: not ours to send.
     */
    async insertSubmittedOrders(
      rows: (NewOrder & {
        channelCode: string;
        routing: unknown;
        rawCode: string | null;
        rawMessage: string | null;
      })[],
      context: { businessDate: string; window: string; runId: bigint; nextQueryAt: Date },
      actor: { type: string; id: string },
    ): Promise<DebitOrderRow[]> {
      if (rows.length === 0) return [];
      const inserted = await sql.query<Record<string, unknown>>(
        `WITH made AS (
           INSERT INTO debit_orders (idempotency_key, loan_id, installment_id, funder_id, card_id, source,
                                     business_date, "window", amount, rule_versions, batch_run_id, status,
                                     channel_code, routing, raw_code, raw_message, submitted_at, next_query_at)
           SELECT k, lo, ins, fu, ca, 'window', $7::date, $8, am, NULLIF(rv, 'null'), $9, 'submitted', ch,
                  NULLIF(ro, 'null'), rc, rm, now(), $14
             FROM ROWS FROM (unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[]),
                             jsonb_array_elements($10::jsonb), unnest($11::text[]), jsonb_array_elements($12::jsonb),
                             unnest($13::text[], $15::text[]))
                  AS x(k, lo, ins, fu, ca, am, rv, ch, ro, rc, rm)
           ON CONFLICT DO NOTHING
           RETURNING ${orderColumns}, raw_code AS "rawCode", raw_message AS "rawMessage"),
         logged AS (
           INSERT INTO debit_order_events (debit_order_id, from_status, to_status, raw_code, raw_message, actor_type, actor_id)
           SELECT id, 'created', 'submitted', "rawCode", "rawMessage", $16, $17 FROM made)
         SELECT * FROM made ORDER BY id`,
        [
          ...newOrderParams(rows, context),
          rows.map((r) => r.channelCode),
          jsonArray(rows.map((r) => r.routing)),
          rows.map((r) => r.rawCode),
          context.nextQueryAt,
          rows.map((r) => r.rawMessage),
          actor.type,
          actor.id,
        ],
      );
      return inserted.map(toOrder);
    },

    async ordersByKeys(keys: string[], statuses: DebitStatus[]): Promise<DebitOrderRow[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT ${orderColumns} FROM debit_orders
          WHERE idempotency_key = ANY($1::text[]) AND status = ANY($2::text[]) ORDER BY id`,
        [keys, statuses],
      );
      return rows.map(toOrder);
    },

    async orderByKey(key: string, forUpdate = false): Promise<DebitOrderRow | null> {
      const [row] = await sql.query<Record<string, unknown>>(
        `SELECT ${orderColumns} FROM debit_orders WHERE idempotency_key = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
        [key],
      );
      return row ? toOrder(row) : null;
    },

    /** Orders to ask the channel about: pending, or submitted long ago without an answer. */
    async dueForQuery(now: Date, limit: number) {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT ${orderColumns} FROM debit_orders
          WHERE status IN ${DEBIT_AWAITING_ANSWER} AND next_query_at <= $1
          ORDER BY next_query_at LIMIT $2`,
        [now, limit],
      );
      return rows.map(toOrder);
    },

    /** Count one compensation query of each order; the ids of those still waiting for one. */
    async countQueries(ids: bigint[]): Promise<Set<bigint>> {
      if (ids.length === 0) return new Set();
      const rows = await sql.query<{ id: bigint }>(
        `UPDATE debit_orders SET query_attempts = query_attempts + 1, updated_at = now()
          WHERE id = ANY($1::bigint[]) AND status IN ${DEBIT_AWAITING_ANSWER} RETURNING id`,
        [ids],
      );
      return new Set(rows.map((r) => bigintOf(r.id)));
    },

    /** Count one compensation query; false when the order is no longer waiting for one. */
    async countQuery(id: bigint): Promise<boolean> {
      const rows = await sql.query(
        `UPDATE debit_orders SET query_attempts = query_attempts + 1, updated_at = now()
          WHERE id = $1 AND status IN ${DEBIT_AWAITING_ANSWER} RETURNING id`,
        [id],
      );
      return rows.length === 1;
    },

    /**
     * An order about to be sent again with the same id (the channel has no such order): made
     * submitted again, the re-send counted, its query moved on and an event written, in one
     * statement committed before the call. Only an order of `today`, submitted or pending, that
     * the channel never acknowledged (no answer of it carried one of `heldCodes`: it was
     * submitted and never answered, answered busy, or not in time), sent again fewer than
     * `maxResends` times, and still due for the query that found it missing (so that two sweeps
     * send it once); returns how many times it was sent again, or null. A re-send is a new debit
     * at the channel: 'refused' when the debit guard's rule no longer allows it (the loan was
     * paid, settled, paused or rescheduled meanwhile), and nothing changed.
     */
    async markResent(
      id: bigint,
      opts: {
        today: string;
        dueBy: Date;
        maxResends: number;
        heldCodes: string[];
        nextQueryAt: Date;
        reason: string;
      },
      actor: { type: string; id: string },
    ): Promise<number | 'refused' | null> {
      // The order's row is locked first (`old`), then the guard's rule locks the loan and the
      // installment (`checked`): the lock order of every money path.
      const [row] = await sql.query<{ resends: number | null; refused: boolean | null }>(
        `WITH old AS (
           SELECT d.id, d.status FROM debit_orders d
            WHERE d.id = $1 AND d.status IN ${DEBIT_AWAITING_ANSWER} AND d.business_date = $2::date
              AND d.resends < $4 AND d.next_query_at <= $3
              AND NOT EXISTS (SELECT 1 FROM debit_order_events e
                               WHERE e.debit_order_id = d.id AND e.raw_code = ANY($5::text[]))
            FOR UPDATE),
         checked AS (
           SELECT old.id, old.status,
                  debit_order_allowed(d.loan_id, d.installment_id, d.source, d.amount, d.business_date,
                                      d.idempotency_key, $3) AS allowed
             FROM old JOIN debit_orders d ON d.id = old.id),
         moved AS (
           UPDATE debit_orders d SET status = 'submitted', resends = d.resends + 1, next_query_at = $6,
                  submitted_at = now(), updated_at = now()
             FROM checked old WHERE d.id = old.id AND old.allowed
            RETURNING d.id, old.status AS from_status, d.resends),
         logged AS (
           INSERT INTO debit_order_events (debit_order_id, from_status, to_status, raw_code, raw_message, actor_type, actor_id)
           SELECT id, from_status, 'submitted', 'RESEND',
                  'sent again with the same order id (' || resends || ' of ' || $4 || '): ' || $7, $8, $9
             FROM moved)
         SELECT (SELECT resends FROM moved) AS resends, (SELECT NOT allowed FROM checked) AS refused`,
        [
          id,
          opts.today,
          opts.dueBy,
          opts.maxResends,
          opts.heldCodes,
          opts.nextQueryAt,
          opts.reason,
          actor.type,
          actor.id,
        ],
      );
      if (row?.refused) return 'refused';
      return row?.resends == null ? null : Number(row.resends);
    },

    /**
     * Orders made `created` more than `seconds` ago (wall clock: a process died between the
     * commit and the send) and never sent.
     */
    async staleCreated(seconds: number, limit: number): Promise<DebitOrderRow[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT ${orderColumns} FROM debit_orders
          WHERE status = 'created' AND created_at < now() - make_interval(secs => $1)
          ORDER BY id LIMIT $2`,
        [seconds, limit],
      );
      return rows.map(toOrder);
    },

    /** Orders by key, locked in id order (every batch locks in the same order: no deadlocks). */
    async lockOrdersByKeys(keys: string[]): Promise<DebitOrderRow[]> {
      if (keys.length === 0) return [];
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT ${orderColumns} FROM debit_orders
          WHERE idempotency_key = ANY($1::text[]) ORDER BY id FOR UPDATE`,
        [keys],
      );
      return rows.map(toOrder);
    },

    /**
     * Guarded transitions, set-based: each order moves only from the states listed for it,
     * and every move writes its event row, in one statement. Returns the ids that moved.
     */
    async transitionMany(moves: Move[], actor: { type: string; id: string }): Promise<Set<bigint>> {
      if (moves.length === 0) return new Set();
      const col = <T>(f: (m: Move) => T) => moves.map(f);
      const rows = await sql.query<{ id: bigint }>(
        `WITH x AS (
           SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::boolean[],
                                $7::text[], $8::text[], $9::text[], $10::text[], $11::boolean[],
                                $12::timestamptz[], $13::int[], $14::boolean[], $15::boolean[], $16::bigint[],
                                $19::timestamptz[])
             AS t(id, from_list, to_status, channel_code, routing, set_result, result_class, raw_code,
                  raw_message, channel_serial, set_next, next_query_at, query_attempts, submitted, finished, amount,
                  guard_at)),
         old AS (
           SELECT d.id, d.status FROM debit_orders d WHERE d.id = ANY($1::bigint[])
            ORDER BY d.id FOR UPDATE),
         moved AS (
           UPDATE debit_orders d SET status = x.to_status,
                  channel_code = coalesce(x.channel_code, d.channel_code),
                  routing = coalesce(x.routing, d.routing),
                  result_class = CASE WHEN x.set_result THEN x.result_class ELSE d.result_class END,
                  raw_code = CASE WHEN x.set_result THEN x.raw_code ELSE d.raw_code END,
                  raw_message = CASE WHEN x.set_result THEN x.raw_message ELSE d.raw_message END,
                  channel_serial = coalesce(x.channel_serial, d.channel_serial),
                  next_query_at = CASE WHEN x.set_next THEN x.next_query_at ELSE d.next_query_at END,
                  query_attempts = coalesce(x.query_attempts, d.query_attempts),
                  amount = coalesce(x.amount, d.amount),
                  submitted_at = CASE WHEN x.submitted THEN now() ELSE d.submitted_at END,
                  finished_at = CASE WHEN x.finished THEN now() ELSE d.finished_at END,
                  updated_at = now()
             FROM x JOIN old ON old.id = x.id
            WHERE d.id = x.id AND old.status = ANY(string_to_array(x.from_list, ','))
              AND (x.guard_at IS NULL
                   OR debit_order_allowed(d.loan_id, d.installment_id, d.source, coalesce(x.amount, d.amount),
                                          d.business_date, d.idempotency_key, x.guard_at))
            RETURNING d.id, old.status AS from_status, x.to_status, x.result_class, x.raw_code, x.raw_message)
         INSERT INTO debit_order_events (debit_order_id, from_status, to_status, result_class, raw_code, raw_message, actor_type, actor_id)
         SELECT id, from_status, to_status, result_class, raw_code, raw_message, $17, $18 FROM moved
         RETURNING debit_order_id AS id`,
        [
          col((m) => m.id),
          col((m) => m.from.join(',')),
          col((m) => m.to),
          col((m) => m.patch.channelCode ?? null),
          col((m) => (m.patch.routing === undefined ? null : JSON.stringify(m.patch.routing))),
          col((m) => 'resultClass' in m.patch),
          col((m) => m.patch.resultClass ?? null),
          col((m) => m.patch.rawCode ?? null),
          col((m) => m.patch.rawMessage ?? null),
          col((m) => m.patch.channelSerial ?? null),
          col((m) => 'nextQueryAt' in m.patch),
          col((m) => m.patch.nextQueryAt ?? null),
          col((m) => m.patch.queryAttempts ?? null),
          col((m) => m.patch.submitted ?? false),
          col((m) => m.patch.finished ?? false),
          col((m) => m.patch.amount ?? null),
          actor.type,
          actor.id,
          col((m) => m.patch.guardAt ?? null),
        ],
      );
      return new Set(rows.map((r) => bigintOf(r.id)));
    },

    /** One guarded transition (see transitionMany). False when the order was elsewhere. */
    async transition(
      id: bigint,
      from: DebitStatus[],
      to: DebitStatus,
      patch: MovePatch,
      actor: { type: string; id: string },
    ): Promise<boolean> {
      return (await this.transitionMany([{ id, from, to, patch }], actor)).has(id);
    },

    /** Installments' open amounts, locked (in id order) for the allocation that follows. */
    async lockInstallments(installmentIds: bigint[]) {
      if (installmentIds.length === 0) return new Map<bigint, LockedInstallment>();
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT i.id, i.due_date::text AS "dueDate", i.period, i.status,
                (i.principal_due - i.principal_paid)::bigint AS principal,
                (i.interest_due - i.interest_paid)::bigint AS interest,
                (i.fee_due - i.fee_paid)::bigint AS fee,
                (i.penalty_due - i.penalty_paid)::bigint AS penalty,
                l.order_no AS "orderNo", l.business_line AS "businessLine", f.code AS "funderCode",
                p.code AS "productCode"
           FROM installments i JOIN loans l ON l.id = i.loan_id
           JOIN funders f ON f.id = l.funder_id JOIN products p ON p.id = l.product_id
          WHERE i.id = ANY($1::bigint[]) ORDER BY i.id FOR UPDATE OF i`,
        [installmentIds],
      );
      return new Map(
        rows.map((row): [bigint, LockedInstallment] => [
          bigintOf(row.id),
          {
            id: bigintOf(row.id),
            dueDate: row.dueDate as string,
            period: Number(row.period),
            orderNo: row.orderNo as string,
            businessLine: row.businessLine as string,
            funderCode: row.funderCode as string,
            productCode: row.productCode as string,
            outstanding: {
              principal: bigintOf(row.principal),
              interest: bigintOf(row.interest),
              fee: bigintOf(row.fee),
              penalty: bigintOf(row.penalty),
            },
          },
        ]),
      );
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

const orderColumns = `id, idempotency_key AS "idempotencyKey", loan_id AS "loanId",
  installment_id AS "installmentId", funder_id AS "funderId", card_id AS "cardId", amount, status,
  channel_code AS "channelCode", business_date::text AS "businessDate", "window",
  query_attempts AS "queryAttempts", batch_run_id AS "batchRunId"`;

function toOrder(r: Record<string, unknown>): DebitOrderRow {
  return {
    ...(r as unknown as DebitOrderRow),
    id: bigintOf(r.id),
    loanId: bigintOf(r.loanId),
    installmentId: bigintOf(r.installmentId),
    funderId: bigintOf(r.funderId),
    cardId: r.cardId === null ? null : bigintOf(r.cardId),
    amount: bigintOf(r.amount),
    batchRunId: r.batchRunId === null ? null : bigintOf(r.batchRunId),
    queryAttempts: Number(r.queryAttempts),
  };
}

export type DebitsRepo = ReturnType<typeof createDebitsRepo>;
