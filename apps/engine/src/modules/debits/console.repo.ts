// Read models for the console: runs with progress, debit orders with filters, one order with
// its history and routing decision. Keyset pagination on the order id.
import type { Executor } from '../../lib/executor';
import { debitOutcomeOf, debitRetryOf } from '../../lib/status-sql';

export interface OrderFilter {
  businessDate?: string;
  dateFrom?: string;
  dateTo?: string;
  window?: string;
  channel?: string;
  status?: string;
  resultClass?: string;
  funderCode?: string;
  productCode?: string;
  businessLine?: string;
  bank?: string;
  outcome?: string;
  rawCode?: string;
  attempt?: 'first' | 'retry';
  orderNo?: string;
  runId?: bigint;
}

export function createDebitsConsoleRepo({ sql }: Executor) {
  return {
    runs: (limit: number) =>
      sql.query<Record<string, unknown>>(
        `SELECT r.id, r.run_key AS "runKey", r.business_date::text AS "businessDate", r."window", r.scope,
                r.status, r.shards_total AS "shardsTotal", r.installments_total AS "installmentsTotal",
                r.started_by AS "startedBy", r.started_at AS "startedAt", r.finished_at AS "finishedAt",
                r.selected_at IS NULL AS selecting,
                (SELECT count(*)::int FROM debit_run_shards s WHERE s.run_id = r.id AND s.status = 'done') AS "shardsDone",
                (SELECT count(*)::int FROM debit_run_shards s WHERE s.run_id = r.id AND s.status = 'failed') AS "shardsFailed",
                (SELECT coalesce(jsonb_object_agg(status, n), '{}') FROM (
                   SELECT status, count(*)::int AS n FROM debit_orders d WHERE d.batch_run_id = r.id GROUP BY status) x) AS "byStatus",
                (SELECT coalesce(sum(amount), 0)::text FROM debit_orders d WHERE d.batch_run_id = r.id) AS "asked",
                (SELECT coalesce(sum(amount), 0)::text FROM debit_orders d WHERE d.batch_run_id = r.id AND d.status = 'succeeded') AS "collected"
           FROM debit_runs r ORDER BY r.id DESC LIMIT $1`,
        [limit],
      ),

    async setRunStatus(runId: bigint, from: string[], to: string): Promise<boolean> {
      const rows = await sql.query(
        `UPDATE debit_runs SET status = $3,
                finished_at = CASE WHEN $3 IN ('completed', 'cancelled') THEN now() ELSE finished_at END
          WHERE id = $1 AND status = ANY($2::text[]) RETURNING id`,
        [runId, from, to],
      );
      return rows.length === 1;
    },

    /** Failed shards back to pending, and the run running again; returns how many. */
    async retryFailedShards(runId: bigint): Promise<number> {
      const rows = await sql.query(
        `UPDATE debit_run_shards SET status = 'pending', error = NULL, worker = NULL
          WHERE run_id = $1 AND status = 'failed' RETURNING id`,
        [runId],
      );
      if (rows.length > 0)
        await sql.query(
          `UPDATE debit_runs SET status = 'running', finished_at = NULL WHERE id = $1 AND status <> 'cancelled'`,
          [runId],
        );
      return rows.length;
    },

    orders: (f: OrderFilter, beforeId: bigint | null, limit: number) =>
      sql.query<Record<string, unknown>>(
        `SELECT d.id, d.idempotency_key AS "orderKey", l.order_no AS "orderNo", i.period,
                d.amount::text AS amount, d.channel_code AS channel, d.status, d.result_class AS "resultClass",
                d.raw_code AS "rawCode", d.raw_message AS "rawMessage", d.business_date::text AS "businessDate",
                d."window", d.source, f.code AS "funderCode", p.code AS "productCode", l.business_line AS "businessLine",
                d.query_attempts AS "queryAttempts", d.next_query_at AS "nextQueryAt",
                d.created_at AS "createdAt", d.finished_at AS "finishedAt"
           FROM debit_orders d
           JOIN loans l ON l.id = d.loan_id JOIN installments i ON i.id = d.installment_id
           JOIN funders f ON f.id = d.funder_id JOIN products p ON p.id = l.product_id
          WHERE ($1::date IS NULL OR d.business_date = $1::date)
            AND ($2::text IS NULL OR d."window" = $2)
            AND ($3::text IS NULL OR d.channel_code = $3)
            AND ($4::text IS NULL OR d.status = $4)
            AND ($5::text IS NULL OR d.result_class = $5)
            AND ($6::text IS NULL OR f.code = $6)
            AND ($7::text IS NULL OR p.code = $7)
            AND ($8::text IS NULL OR l.business_line = $8)
            AND ($9::text IS NULL OR l.order_no = $9)
            AND ($10::bigint IS NULL OR d.batch_run_id = $10)
            AND ($11::bigint IS NULL OR d.id < $11)
            AND ($13::date IS NULL OR d.business_date >= $13::date)
            AND ($14::date IS NULL OR d.business_date <= $14::date)
            AND ($15::text IS NULL OR d.bank_code = $15)
            AND ($16::text IS NULL OR ${debitOutcomeOf('d')} = $16)
            AND ($17::text IS NULL OR coalesce(d.raw_code, '') = $17)
            ${f.attempt ? `AND ${f.attempt === 'retry' ? '' : 'NOT '}${debitRetryOf('d')}` : ''}
          ORDER BY d.id DESC LIMIT $12`,
        [
          f.businessDate ?? null,
          f.window ?? null,
          f.channel ?? null,
          f.status ?? null,
          f.resultClass ?? null,
          f.funderCode ?? null,
          f.productCode ?? null,
          f.businessLine ?? null,
          f.orderNo ?? null,
          f.runId ?? null,
          beforeId,
          limit,
          f.dateFrom ?? null,
          f.dateTo ?? null,
          f.bank ?? null,
          f.outcome ?? null,
          f.rawCode ?? null,
        ],
      ),

    async order(id: bigint) {
      const [order] = await sql.query<Record<string, unknown>>(
        `SELECT d.id, d.idempotency_key AS "orderKey", l.order_no AS "orderNo", i.period, d.amount::text AS amount,
                d.channel_code AS channel, d.channel_serial AS "channelSerial", d.status, d.result_class AS "resultClass",
                d.raw_code AS "rawCode", d.raw_message AS "rawMessage", d.business_date::text AS "businessDate",
                d."window", d.source, d.routing, d.rule_versions AS "ruleVersions", d.query_attempts AS "queryAttempts",
                d.next_query_at AS "nextQueryAt", d.submitted_at AS "submittedAt", d.created_at AS "createdAt",
                d.finished_at AS "finishedAt", c.card_no_mask AS "cardNo", c.bank_code AS "bankCode"
           FROM debit_orders d JOIN loans l ON l.id = d.loan_id JOIN installments i ON i.id = d.installment_id
           LEFT JOIN cards c ON c.id = d.card_id
          WHERE d.id = $1`,
        [id],
      );
      if (!order) return null;
      const events = await sql.query<Record<string, unknown>>(
        `SELECT from_status AS "from", to_status AS "to", result_class AS "resultClass", raw_code AS "rawCode",
                raw_message AS "rawMessage", actor_type AS "actorType", actor_id AS "actorId", created_at AS "at"
           FROM debit_order_events WHERE debit_order_id = $1 ORDER BY id`,
        [id],
      );
      const [decision] = await sql.query<Record<string, unknown>>(
        `SELECT d.route, d.chosen, d.candidates, d.rule_version_id::text AS "ruleVersionId",
                s.name || ' v' || v.version_no AS "ruleLabel"
           FROM routing_decisions d
           LEFT JOIN rule_versions v ON v.id = d.rule_version_id
           LEFT JOIN rule_sets s ON s.id = v.rule_set_id
          WHERE d.decision_key = $1`,
        [order.orderKey],
      );
      return { order, events, decision: decision ?? null };
    },
  };
}

export type DebitsConsoleRepo = ReturnType<typeof createDebitsConsoleRepo>;
