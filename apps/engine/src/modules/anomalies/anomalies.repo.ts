// Channel anomalies: recorded by the debit state machine (inside its transaction, once per
// distinct key), listed and handled in the console.
import { jsonArray } from '@repay/db';
import type { AnomalyKind, AnomalyStatus } from '@repay/rules';
import type { Executor } from '../../lib/executor';
import { bigintOrNull } from '../../lib/rows';

export interface NewAnomaly {
  /** Deterministic: the same answer (or the same order's late success or overpayment) again records nothing. */
  anomalyKey: string;
  kind: AnomalyKind;
  channelCode: string | null;
  orderKey: string | null;
  debitOrderId: bigint | null;
  loanId: bigint | null;
  amount: bigint | null;
  evidence: Record<string, unknown>;
}

export interface AnomalyFilter {
  kind?: AnomalyKind;
  status?: AnomalyStatus;
  channel?: string;
  /** Business dates (Asia/Shanghai) of the anomaly's creation, inclusive. */
  from?: string;
  to?: string;
  orderNo?: string;
}

export interface AnomalyRow {
  id: bigint;
  kind: AnomalyKind;
  channelCode: string | null;
  orderKey: string | null;
  debitOrderId: bigint | null;
  orderNo: string | null;
  period: number | null;
  amount: bigint | null;
  evidence: Record<string, unknown>;
  status: AnomalyStatus;
  handledBy: string | null;
  handledReason: string | null;
  handledAt: Date | null;
  createdAt: Date;
}

const columns = `a.id, a.kind, a.channel_code AS "channelCode", a.order_key AS "orderKey",
  a.debit_order_id AS "debitOrderId", l.order_no AS "orderNo", i.period, a.amount, a.evidence,
  a.status, a.handled_by AS "handledBy", a.handled_reason AS "handledReason",
  a.handled_at AS "handledAt", a.created_at AS "createdAt"`;
const from = `channel_anomalies a
  LEFT JOIN loans l ON l.id = a.loan_id
  LEFT JOIN debit_orders d ON d.id = a.debit_order_id
  LEFT JOIN installments i ON i.id = d.installment_id`;

function toRow(r: Record<string, unknown>): AnomalyRow {
  return {
    ...(r as unknown as AnomalyRow),
    id: BigInt(r.id as bigint),
    debitOrderId: bigintOrNull(r.debitOrderId),
    amount: bigintOrNull(r.amount),
    period: r.period === null ? null : Number(r.period),
  };
}

export function createAnomaliesRepo({ sql }: Executor) {
  return {
    /** Record anomalies, one statement; a key already recorded is skipped. */
    async record(rows: NewAnomaly[]): Promise<void> {
      if (rows.length === 0) return;
      const col = <T>(f: (a: NewAnomaly) => T) => rows.map(f);
      await sql.query(
        `INSERT INTO channel_anomalies (anomaly_key, kind, channel_code, order_key, debit_order_id, loan_id, amount, evidence)
         SELECT * FROM ROWS FROM (
           unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[]),
           jsonb_array_elements($8::jsonb))
         ON CONFLICT (anomaly_key) DO NOTHING`,
        [
          col((a) => a.anomalyKey),
          col((a) => a.kind),
          col((a) => a.channelCode),
          col((a) => a.orderKey),
          col((a) => a.debitOrderId),
          col((a) => a.loanId),
          col((a) => a.amount),
          jsonArray(col((a) => a.evidence)),
        ],
      );
    },

    /** Newest first, keyset pages on the id. */
    async list(f: AnomalyFilter & { limit: number; beforeId?: bigint }): Promise<AnomalyRow[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT ${columns} FROM ${from}
          WHERE ($1::text IS NULL OR a.kind = $1)
            AND ($2::text IS NULL OR a.status = $2)
            AND ($3::text IS NULL OR a.channel_code = $3)
            AND ($4::date IS NULL OR a.created_at >= ($4::date::timestamp AT TIME ZONE 'Asia/Shanghai'))
            AND ($5::date IS NULL OR a.created_at < (($5::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'))
            AND ($6::text IS NULL OR l.order_no = $6)
            AND ($7::bigint IS NULL OR a.id < $7)
          ORDER BY a.id DESC LIMIT $8`,
        [
          f.kind ?? null,
          f.status ?? null,
          f.channel ?? null,
          f.from ?? null,
          f.to ?? null,
          f.orderNo ?? null,
          f.beforeId ?? null,
          f.limit,
        ],
      );
      return rows.map(toRow);
    },

    /** One anomaly with its order (card number as its mask) when it names one. */
    async byId(id: bigint) {
      const [row] = await sql.query<Record<string, unknown>>(
        `SELECT ${columns}, d.idempotency_key AS "debitOrderKey", d.status AS "orderStatus",
                d.amount AS "orderAmount", d.channel_code AS "orderChannel",
                d.channel_serial AS "orderSerial", d.business_date::text AS "orderDate",
                c.card_no_mask AS "cardNo", c.bank_code AS "bankCode"
           FROM ${from} LEFT JOIN cards c ON c.id = d.card_id
          WHERE a.id = $1`,
        [id],
      );
      if (!row) return null;
      return {
        ...toRow(row),
        order:
          row.debitOrderKey === null
            ? null
            : {
                orderKey: row.debitOrderKey as string,
                status: row.orderStatus as string,
                amount: BigInt(row.orderAmount as bigint),
                channel: row.orderChannel as string | null,
                channelSerial: row.orderSerial as string | null,
                businessDate: row.orderDate as string,
                cardNo: row.cardNo as string | null,
                bankCode: row.bankCode as string | null,
              },
      };
    },

    /** Open → handled, with who and why; false when it was handled already. */
    async handle(id: bigint, by: string, reason: string): Promise<boolean> {
      const rows = await sql.query(
        `UPDATE channel_anomalies SET status = 'handled', handled_by = $2, handled_reason = $3, handled_at = now()
          WHERE id = $1 AND status = 'open' RETURNING id`,
        [id, by, reason],
      );
      return rows.length === 1;
    },

    async exists(id: bigint): Promise<boolean> {
      return (await sql.query(`SELECT 1 FROM channel_anomalies WHERE id = $1`, [id])).length === 1;
    },
  };
}

export type AnomaliesRepo = ReturnType<typeof createAnomaliesRepo>;
