// Payout orders, their history, and the payout accounts' positions (头寸): the only code that
// touches those tables. Reservations are single statements whose WHERE holds the arithmetic
// (usable = balance − reserved − buffer), so two workers can never reserve the same fen.
import { sqlList } from '@repay/db';
import {
  AWAITING_ANSWER_PAYOUT_STATUSES,
  RESERVING_PAYOUT_STATUSES,
  type ChannelResultClass,
  type PayoutPurpose,
  type PayoutSource,
  type PayoutStatus,
  type PositionMovementKind,
} from '@repay/rules';
import type { Executor } from '../../lib/executor';
import { bigintOf, bigintOrNull } from '../../lib/rows';

const RESERVING = sqlList(RESERVING_PAYOUT_STATUSES);
const AWAITING = sqlList(AWAITING_ANSWER_PAYOUT_STATUSES);

export interface PayoutOrderRow {
  id: bigint;
  idempotencyKey: string;
  payoutNo: string;
  source: PayoutSource;
  purpose: PayoutPurpose;
  funderId: bigint;
  funderCode: string;
  batchId: bigint | null;
  splitNo: number | null;
  refundId: bigint | null;
  amount: bigint;
  fee: bigint | null;
  payeeNameEnc: string;
  payeeNameMask: string;
  payeeAccountEnc: string;
  payeeAccountHash: string;
  payeeAccountMask: string;
  payeeBankCode: string;
  memo: string | null;
  status: PayoutStatus;
  waitReason: string | null;
  wantedChannel: string | null;
  channelCode: string | null;
  channelSerial: string | null;
  resultClass: ChannelResultClass | null;
  rawCode: string | null;
  rawMessage: string | null;
  routingDecisionId: bigint | null;
  reservedAccountId: bigint | null;
  reservedAmount: bigint;
  queryAttempts: number;
  nextQueryAt: Date | null;
  submittedAt: Date | null;
  finishedAt: Date | null;
  requestHash: string | null;
  createdBy: string;
  createdAt: Date;
}

export interface NewPayoutOrder {
  idempotencyKey: string;
  payoutNo: string;
  source: PayoutSource;
  purpose: PayoutPurpose;
  funderId: bigint;
  batchId?: bigint;
  splitNo?: number;
  refundId?: bigint;
  amount: bigint;
  payeeNameEnc: string;
  payeeNameMask: string;
  payeeAccountEnc: string;
  payeeAccountHash: string;
  payeeAccountMask: string;
  payeeBankCode: string;
  memo?: string | null;
  requestHash?: string | null;
  waitReason?: string | null;
  /** The account the order was cut for (a remittance part): counted against it while queued. */
  wantedChannel?: string | null;
  createdBy: string;
  /** The business clock's now (tests and the sandbox move it). */
  createdAt: Date;
}

export interface PayoutAccountRow {
  id: bigint;
  channelCode: string;
  balance: bigint;
  reserved: bigint;
  buffer: bigint;
  usable: bigint;
  status: 'active' | 'inactive';
  syncedAt: Date | null;
}

export interface PositionMovementRow {
  id: bigint;
  accountId: bigint;
  channelCode: string;
  kind: PositionMovementKind;
  amount: bigint;
  balanceAfter: bigint;
  reservedAfter: bigint;
  bufferAfter: bigint;
  payoutNo: string | null;
  reason: string | null;
  actor: string;
  createdAt: Date;
}

export interface PayoutEventRow {
  id: bigint;
  fromStatus: string | null;
  toStatus: string;
  source: string;
  resultClass: string | null;
  rawCode: string | null;
  rawMessage: string | null;
  detail: Record<string, unknown> | null;
  actor: string;
  createdAt: Date;
}

const orderColumns = `o.id, o.idempotency_key AS "idempotencyKey", o.payout_no AS "payoutNo", o.source,
  o.purpose, o.funder_id AS "funderId", f.code AS "funderCode", o.batch_id AS "batchId",
  o.split_no AS "splitNo", o.refund_id AS "refundId", o.amount, o.fee,
  o.payee_name_enc AS "payeeNameEnc", o.payee_name_mask AS "payeeNameMask",
  o.payee_account_enc AS "payeeAccountEnc", o.payee_account_hash AS "payeeAccountHash",
  o.payee_account_mask AS "payeeAccountMask", o.payee_bank_code AS "payeeBankCode", o.memo,
  o.status, o.wait_reason AS "waitReason", o.wanted_channel AS "wantedChannel",
  o.channel_code AS "channelCode", o.channel_serial AS "channelSerial",
  o.result_class AS "resultClass", o.raw_code AS "rawCode", o.raw_message AS "rawMessage",
  o.routing_decision_id AS "routingDecisionId", o.reserved_account_id AS "reservedAccountId",
  o.reserved_amount AS "reservedAmount", o.query_attempts AS "queryAttempts",
  o.next_query_at AS "nextQueryAt", o.submitted_at AS "submittedAt", o.finished_at AS "finishedAt",
  o.request_hash AS "requestHash", o.created_by AS "createdBy", o.created_at AS "createdAt"`;

const orderFrom = `payout_orders o JOIN funders f ON f.id = o.funder_id`;

function toOrder(r: Record<string, unknown>): PayoutOrderRow {
  return {
    ...(r as unknown as PayoutOrderRow),
    id: bigintOf(r.id),
    funderId: bigintOf(r.funderId),
    batchId: bigintOrNull(r.batchId),
    refundId: bigintOrNull(r.refundId),
    amount: bigintOf(r.amount),
    fee: bigintOrNull(r.fee),
    routingDecisionId: bigintOrNull(r.routingDecisionId),
    reservedAccountId: bigintOrNull(r.reservedAccountId),
    reservedAmount: bigintOf(r.reservedAmount),
    queryAttempts: Number(r.queryAttempts),
    splitNo: r.splitNo === null ? null : Number(r.splitNo),
  };
}

const accountColumns = `a.id, a.channel_code AS "channelCode", a.balance, a.reserved, a.buffer,
  a.balance - a.reserved - a.buffer AS usable, a.status, a.synced_at AS "syncedAt"`;

function toAccount(r: Record<string, unknown>): PayoutAccountRow {
  return {
    id: bigintOf(r.id),
    channelCode: r.channelCode as string,
    balance: bigintOf(r.balance),
    reserved: bigintOf(r.reserved),
    buffer: bigintOf(r.buffer),
    usable: bigintOf(r.usable),
    status: r.status as PayoutAccountRow['status'],
    syncedAt: (r.syncedAt as Date | null) ?? null,
  };
}

export interface PayoutListFilter {
  limit: number;
  beforeId?: bigint;
  status?: PayoutStatus;
  source?: PayoutSource;
  funderCode?: string;
  channelCode?: string;
  batchId?: bigint;
  payoutNo?: string;
  createdFrom?: Date;
  createdTo?: Date;
}

export function createPayoutsRepo({ sql }: Executor) {
  async function one(where: string, params: unknown[], lock = false) {
    const [row] = await sql.query<Record<string, unknown>>(
      `SELECT ${orderColumns} FROM ${orderFrom} WHERE ${where}${lock ? ' FOR UPDATE OF o' : ''}`,
      params,
    );
    return row ? toOrder(row) : null;
  }

  return {
    /**
     * Insert an order through the payout guard (its trigger). Null when the idempotency key or
     * payout number was taken already: the caller reads the order that holds it.
     */
    async insertOrder(o: NewPayoutOrder): Promise<PayoutOrderRow | null> {
      const [row] = await sql.query<{ id: unknown }>(
        `INSERT INTO payout_orders (idempotency_key, payout_no, source, purpose, funder_id, batch_id,
           split_no, refund_id, amount, payee_name_enc, payee_name_mask, payee_account_enc,
           payee_account_hash, payee_account_mask, payee_bank_code, memo, request_hash, wait_reason,
           created_by, created_at, wanted_channel)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
         ON CONFLICT DO NOTHING RETURNING id`,
        [
          o.idempotencyKey,
          o.payoutNo,
          o.source,
          o.purpose,
          o.funderId,
          o.batchId ?? null,
          o.splitNo ?? null,
          o.refundId ?? null,
          o.amount,
          o.payeeNameEnc,
          o.payeeNameMask,
          o.payeeAccountEnc,
          o.payeeAccountHash,
          o.payeeAccountMask,
          o.payeeBankCode,
          o.memo ?? null,
          o.requestHash ?? null,
          o.waitReason ?? null,
          o.createdBy,
          o.createdAt,
          o.wantedChannel ?? null,
        ],
      );
      return row ? one('o.id = $1', [bigintOf(row.id)]) : null;
    },

    byId: (id: bigint, opts: { lock?: boolean } = {}) => one('o.id = $1', [id], opts.lock),
    byPayoutNo: (payoutNo: string) => one('o.payout_no = $1', [payoutNo]),
    byKey: (key: string) => one('o.idempotency_key = $1', [key]),

    /**
     * Queued orders, oldest first (a batch's parts in order), after a place in that order: what
     * dispatch tries to send, page by page.
     */
    async queued(
      limit: number,
      after?: { createdAt: Date; id: bigint },
    ): Promise<PayoutOrderRow[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT ${orderColumns} FROM ${orderFrom} WHERE o.status = 'queued'
            AND ($2::timestamptz IS NULL OR (o.created_at, o.id) > ($2::timestamptz, $3::bigint))
          ORDER BY o.created_at, o.id LIMIT $1`,
        [limit, after?.createdAt ?? null, after?.id ?? null],
      );
      return rows.map(toOrder);
    },

    /** Sent orders whose next query is due (submitted with no answer, pending). */
    async dueForQuery(now: Date, limit: number): Promise<PayoutOrderRow[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT ${orderColumns} FROM ${orderFrom}
          WHERE o.status IN ${AWAITING} AND o.next_query_at <= $1
          ORDER BY o.next_query_at, o.id LIMIT $2`,
        [now, limit],
      );
      return rows.map(toOrder);
    },

    /** Fen paid or in flight to this payee on the business date, per channel. */
    async usedToday(payeeAccountHash: string, from: Date, to: Date): Promise<Map<string, bigint>> {
      const rows = await sql.query<{ channelCode: string; used: string }>(
        `SELECT channel_code AS "channelCode", sum(amount)::text AS used FROM payout_orders
          WHERE payee_account_hash = $1 AND submitted_at >= $2 AND submitted_at < $3
            AND status <> 'failed' AND channel_code IS NOT NULL
          GROUP BY channel_code`,
        [payeeAccountHash, from, to],
      );
      return new Map(rows.map((r) => [r.channelCode, BigInt(r.used)]));
    },

    /** Note why a queued order waits, and which account it waits for (no state change). */
    async noteWaiting(id: bigint, reason: string, wanted: string | null): Promise<void> {
      await sql.query(
        `UPDATE payout_orders SET wait_reason = $2, wanted_channel = $3, updated_at = now()
          WHERE id = $1 AND status = 'queued'`,
        [id, reason, wanted],
      );
    },

    /**
     * queued → submitted with its reservation, in one statement: false when another worker
     * took the order first.
     */
    async markSubmitted(input: {
      id: bigint;
      channelCode: string;
      decisionId: bigint | null;
      accountId: bigint;
      now: Date;
      firstQueryAt: Date;
    }): Promise<boolean> {
      const rows = await sql.query(
        `UPDATE payout_orders SET status = 'submitted', channel_code = $2, routing_decision_id = $3,
                reserved_account_id = $4, reserved_amount = amount, submitted_at = $5,
                next_query_at = $6, wait_reason = NULL, wanted_channel = NULL, updated_at = now()
          WHERE id = $1 AND status = 'queued' RETURNING id`,
        [
          input.id,
          input.channelCode,
          input.decisionId,
          input.accountId,
          input.now,
          input.firstQueryAt,
        ],
      );
      return rows.length === 1;
    },

    /** An answer that is not final: pending, queried again at `nextQueryAt`. */
    async markPending(input: {
      id: bigint;
      resultClass: ChannelResultClass;
      rawCode: string;
      rawMessage: string;
      nextQueryAt: Date;
      queried: boolean;
      channelSerial?: string | null;
    }): Promise<void> {
      await sql.query(
        `UPDATE payout_orders SET status = 'pending', result_class = $2, raw_code = $3,
                raw_message = $4, next_query_at = $5,
                query_attempts = query_attempts + CASE WHEN $6 THEN 1 ELSE 0 END,
                channel_serial = coalesce($7, channel_serial), updated_at = now()
          WHERE id = $1 AND status IN ${AWAITING}`,
        [
          input.id,
          input.resultClass,
          input.rawCode,
          input.rawMessage,
          input.nextQueryAt,
          input.queried,
          input.channelSerial ?? null,
        ],
      );
    },

    /** Unknown for too long: a person decides. The reservation stays. */
    async markManualReview(id: bigint): Promise<boolean> {
      const rows = await sql.query(
        `UPDATE payout_orders SET status = 'manual_review', next_query_at = NULL, updated_at = now()
          WHERE id = $1 AND status IN ${AWAITING} RETURNING id`,
        [id],
      );
      return rows.length === 1;
    },

    /** A final outcome: the reservation is gone from the order (the account's is moved apart). */
    async markFinal(input: {
      id: bigint;
      status: 'succeeded' | 'failed';
      resultClass: ChannelResultClass | null;
      rawCode: string | null;
      rawMessage: string | null;
      fee: bigint | null;
      channelSerial: string | null;
      finishedAt: Date;
    }): Promise<boolean> {
      const rows = await sql.query(
        `UPDATE payout_orders SET status = $2, result_class = coalesce($3, result_class),
                raw_code = coalesce($4, raw_code), raw_message = coalesce($5, raw_message), fee = $6,
                channel_serial = coalesce($7, channel_serial), finished_at = $8, reserved_amount = 0,
                next_query_at = NULL, updated_at = now()
          WHERE id = $1 AND status IN ${RESERVING} RETURNING id`,
        [
          input.id,
          input.status,
          input.resultClass,
          input.rawCode,
          input.rawMessage,
          input.fee,
          input.channelSerial,
          input.finishedAt,
        ],
      );
      return rows.length === 1;
    },

    /** A queued order nobody can pay (an account closed, a person gives up): failed, nothing sent. */
    async failQueued(id: bigint, rawMessage: string, now: Date): Promise<boolean> {
      const rows = await sql.query(
        `UPDATE payout_orders SET status = 'failed', raw_code = 'NOT_SENT', raw_message = $2,
                finished_at = $3, updated_at = now()
          WHERE id = $1 AND status = 'queued' RETURNING id`,
        [id, rawMessage, now],
      );
      return rows.length === 1;
    },

    async addEvent(e: {
      orderId: bigint;
      fromStatus: string | null;
      toStatus: string;
      source: string;
      resultClass?: string | null;
      rawCode?: string | null;
      rawMessage?: string | null;
      detail?: Record<string, unknown> | null;
      actor: string;
      at: Date;
    }): Promise<void> {
      await sql.query(
        `INSERT INTO payout_order_events (payout_order_id, from_status, to_status, source, result_class,
           raw_code, raw_message, detail, actor, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          e.orderId,
          e.fromStatus,
          e.toStatus,
          e.source,
          e.resultClass ?? null,
          e.rawCode ?? null,
          e.rawMessage ?? null,
          e.detail ? JSON.stringify(e.detail) : null,
          e.actor,
          e.at,
        ],
      );
    },

    async eventsOf(orderId: bigint): Promise<PayoutEventRow[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT id, from_status AS "fromStatus", to_status AS "toStatus", source,
                result_class AS "resultClass", raw_code AS "rawCode", raw_message AS "rawMessage",
                detail, actor, created_at AS "createdAt"
           FROM payout_order_events WHERE payout_order_id = $1 ORDER BY id`,
        [orderId],
      );
      return rows.map((r) => ({ ...(r as unknown as PayoutEventRow), id: bigintOf(r.id) }));
    },

    async list(f: PayoutListFilter): Promise<PayoutOrderRow[]> {
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (clause: (p: string) => string, value: unknown) => {
        if (value === undefined || value === null || value === '') return;
        params.push(value);
        where.push(clause(`$${params.length}`));
      };
      add((p) => `o.id < ${p}`, f.beforeId);
      add((p) => `o.status = ${p}`, f.status);
      add((p) => `o.source = ${p}`, f.source);
      add((p) => `f.code = ${p}`, f.funderCode);
      add((p) => `o.channel_code = ${p}`, f.channelCode);
      add((p) => `o.batch_id = ${p}`, f.batchId);
      add(
        (p) => `o.payout_no LIKE ${p}`,
        f.payoutNo ? `%${f.payoutNo.replace(/[%_\\]/g, '\\$&')}%` : undefined,
      );
      add((p) => `o.created_at >= ${p}`, f.createdFrom);
      add((p) => `o.created_at < ${p}`, f.createdTo);
      params.push(f.limit);
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT ${orderColumns} FROM ${orderFrom}
          ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY o.id DESC LIMIT $${params.length}`,
        params,
      );
      return rows.map(toOrder);
    },

    /** Counts and amounts per status (the list's summary). */
    async totals(): Promise<{ status: PayoutStatus; count: number; amount: bigint }[]> {
      const rows = await sql.query<{ status: PayoutStatus; count: number; amount: string }>(
        `SELECT status, count(*)::int AS count, coalesce(sum(amount), 0)::text AS amount
           FROM payout_orders GROUP BY status`,
      );
      return rows.map((r) => ({ status: r.status, count: r.count, amount: BigInt(r.amount) }));
    },

    // Positions.

    async accounts(): Promise<PayoutAccountRow[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT ${accountColumns} FROM payout_accounts a ORDER BY a.channel_code`,
      );
      return rows.map(toAccount);
    },

    async account(id: bigint, opts: { lock?: boolean } = {}): Promise<PayoutAccountRow | null> {
      const [row] = await sql.query<Record<string, unknown>>(
        `SELECT ${accountColumns} FROM payout_accounts a WHERE a.id = $1${opts.lock ? ' FOR UPDATE' : ''}`,
        [id],
      );
      return row ? toAccount(row) : null;
    },

    async accountOf(channelCode: string, opts: { lock?: boolean } = {}) {
      const [row] = await sql.query<Record<string, unknown>>(
        `SELECT ${accountColumns} FROM payout_accounts a WHERE a.channel_code = $1${opts.lock ? ' FOR UPDATE' : ''}`,
        [channelCode],
      );
      return row ? toAccount(row) : null;
    },

    async createAccount(channelCode: string, bufferFen: bigint): Promise<bigint | null> {
      const [row] = await sql.query<{ id: unknown }>(
        `INSERT INTO payout_accounts (channel_code, buffer) VALUES ($1, $2)
         ON CONFLICT (channel_code) DO NOTHING RETURNING id`,
        [channelCode, bufferFen],
      );
      return row ? bigintOf(row.id) : null;
    },

    /**
     * Reserve `amount` at the account if its usable position covers it (one statement: the
     * check and the change cannot be separated by another worker). Null: it does not.
     */
    async reserve(accountId: bigint, amount: bigint): Promise<PayoutAccountRow | null> {
      const [row] = await sql.query<Record<string, unknown>>(
        `UPDATE payout_accounts a SET reserved = reserved + $2, updated_at = now()
          WHERE id = $1 AND status = 'active' AND balance - reserved - buffer >= $2
          RETURNING ${accountColumns}`,
        [accountId, amount],
      );
      return row ? toAccount(row) : null;
    },

    /**
     * Move the account: `reserved` and `balance` by these deltas, and record the movement with
     * what the account is after. The movement key makes a repeat harmless (false).
     */
    async move(input: {
      accountId: bigint;
      movementKey: string;
      kind: PositionMovementKind;
      balanceDelta: bigint;
      reservedDelta: bigint;
      bufferDelta?: bigint;
      payoutOrderId?: bigint | null;
      reason?: string | null;
      actor: string;
      at: Date;
    }): Promise<PayoutAccountRow | null> {
      const [row] = await sql.query<Record<string, unknown>>(
        `WITH m AS (
           INSERT INTO position_movements (movement_key, account_id, kind, amount, balance_after,
             reserved_after, buffer_after, payout_order_id, reason, actor, created_at)
           SELECT $2, a.id, $3, CASE WHEN $3 = 'buffer' THEN $6::bigint ELSE $4::bigint END,
                  a.balance + $4, a.reserved + $5, a.buffer + $6, $7, $8, $9, $10
             FROM payout_accounts a WHERE a.id = $1
           ON CONFLICT (movement_key) DO NOTHING RETURNING account_id)
         UPDATE payout_accounts a SET balance = balance + $4, reserved = reserved + $5,
                buffer = buffer + $6, updated_at = now()
          FROM m WHERE a.id = m.account_id
          RETURNING ${accountColumns}`,
        [
          input.accountId,
          input.movementKey,
          input.kind,
          input.balanceDelta,
          input.reservedDelta,
          input.bufferDelta ?? 0n,
          input.payoutOrderId ?? null,
          input.reason ?? null,
          input.actor,
          input.at,
        ],
      );
      return row ? toAccount(row) : null;
    },

    async markSynced(accountId: bigint, at: Date): Promise<void> {
      await sql.query(`UPDATE payout_accounts SET synced_at = $2 WHERE id = $1`, [accountId, at]);
    },

    async setStatus(accountId: bigint, status: 'active' | 'inactive'): Promise<void> {
      await sql.query(`UPDATE payout_accounts SET status = $2, updated_at = now() WHERE id = $1`, [
        accountId,
        status,
      ]);
    },

    async movements(f: {
      accountId?: bigint;
      from?: Date;
      limit: number;
      beforeId?: bigint;
    }): Promise<PositionMovementRow[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT m.id, m.account_id AS "accountId", a.channel_code AS "channelCode", m.kind, m.amount,
                m.balance_after AS "balanceAfter", m.reserved_after AS "reservedAfter",
                m.buffer_after AS "bufferAfter", o.payout_no AS "payoutNo", m.reason, m.actor,
                m.created_at AS "createdAt"
           FROM position_movements m JOIN payout_accounts a ON a.id = m.account_id
           LEFT JOIN payout_orders o ON o.id = m.payout_order_id
          WHERE ($1::bigint IS NULL OR m.account_id = $1) AND ($2::timestamptz IS NULL OR m.created_at >= $2)
            AND ($3::bigint IS NULL OR m.id < $3)
          ORDER BY m.id DESC LIMIT $4`,
        [f.accountId ?? null, f.from ?? null, f.beforeId ?? null, f.limit],
      );
      return rows.map((r) => ({
        ...(r as unknown as PositionMovementRow),
        id: bigintOf(r.id),
        accountId: bigintOf(r.accountId),
        amount: bigintOf(r.amount),
        balanceAfter: bigintOf(r.balanceAfter),
        reservedAfter: bigintOf(r.reservedAfter),
        bufferAfter: bigintOf(r.bufferAfter),
      }));
    },

    /** Queued orders per wanted account: the top-up alert (调拨) — fen short and since when. */
    async waitingByAccount(): Promise<
      { channelCode: string | null; count: number; amount: bigint; oldest: Date }[]
    > {
      const rows = await sql.query<{
        channelCode: string | null;
        count: number;
        amount: string;
        oldest: Date;
      }>(
        `SELECT wanted_channel AS "channelCode", count(*)::int AS count, sum(amount)::text AS amount,
                min(created_at) AS oldest
           FROM payout_orders WHERE status = 'queued' GROUP BY wanted_channel`,
      );
      return rows.map((r) => ({ ...r, amount: BigInt(r.amount) }));
    },

    /** Σ reserved of the unfinished orders per account (the invariant the tests check). */
    async reservedByOrders(): Promise<Map<bigint, bigint>> {
      const rows = await sql.query<{ accountId: string; reserved: string }>(
        `SELECT reserved_account_id::text AS "accountId", sum(reserved_amount)::text AS reserved
           FROM payout_orders WHERE status IN ${RESERVING} GROUP BY reserved_account_id`,
      );
      return new Map(rows.map((r) => [BigInt(r.accountId), BigInt(r.reserved)]));
    },
  };
}

export type PayoutsRepo = ReturnType<typeof createPayoutsRepo>;
