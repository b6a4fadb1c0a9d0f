// Debit orders: made set-based for a shard, read for queries and re-sends, and moved from
// state to state by a guarded UPDATE (from the states an order may leave) plus an event row.
import type { DebitStatus } from '@repay/db/schema';
import { jsonArray } from '@repay/db';
import type { Executor } from '../../lib/executor';
import { bigintOf } from '../../lib/rows';
import { DEBIT_AWAITING_ANSWER } from '../../lib/status-sql';
import type { DebitOrderRow, NewOrder } from './debits.types';

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

export const orderColumns = `id, idempotency_key AS "idempotencyKey", loan_id AS "loanId",
  installment_id AS "installmentId", funder_id AS "funderId", card_id AS "cardId", amount, status,
  channel_code AS "channelCode", business_date::text AS "businessDate", "window",
  query_attempts AS "queryAttempts", batch_run_id AS "batchRunId"`;

export function toOrder(r: Record<string, unknown>): DebitOrderRow {
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

export function createDebitOrdersRepo({ sql }: Executor) {
  return {
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
  };
}
