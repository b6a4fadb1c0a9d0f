// Resolutions of debits under manual review that wait for a second person (four eyes above
// the approval limit): proposed with evidence, approved or rejected by another user.
import type { Executor } from '../../lib/executor';

export interface ResolutionRow {
  id: bigint;
  debitOrderId: bigint;
  orderKey: string;
  orderNo: string;
  period: number;
  amount: bigint;
  channel: string | null;
  orderStatus: string;
  outcome: 'succeeded' | 'failed';
  evidence: string;
  reason: string;
  status: 'pending_approval' | 'approved' | 'rejected' | 'superseded';
  proposedBy: string;
  proposedAt: Date;
  decidedBy: string | null;
  decisionNote: string | null;
  decidedAt: Date | null;
}

const columns = `r.id, r.debit_order_id AS "debitOrderId", d.idempotency_key AS "orderKey",
  l.order_no AS "orderNo", i.period, d.amount, d.channel_code AS channel, d.status AS "orderStatus",
  r.outcome, r.evidence, r.reason, r.status, r.proposed_by AS "proposedBy",
  r.proposed_at AS "proposedAt", r.decided_by AS "decidedBy", r.decision_note AS "decisionNote",
  r.decided_at AS "decidedAt"`;
const from = `debit_resolutions r JOIN debit_orders d ON d.id = r.debit_order_id
  JOIN loans l ON l.id = d.loan_id JOIN installments i ON i.id = d.installment_id`;

const toRow = (r: Record<string, unknown>): ResolutionRow => ({
  ...(r as unknown as ResolutionRow),
  id: BigInt(r.id as bigint),
  debitOrderId: BigInt(r.debitOrderId as bigint),
  amount: BigInt(r.amount as bigint),
  period: Number(r.period),
});

export function createDebitReviewRepo({ sql }: Executor) {
  return {
    /** A proposal; null when one already waits for this order (the partial unique index). */
    async propose(p: {
      debitOrderId: bigint;
      outcome: 'succeeded' | 'failed';
      evidence: string;
      reason: string;
      proposedBy: string;
    }): Promise<bigint | null> {
      const [row] = await sql.query<{ id: bigint }>(
        `INSERT INTO debit_resolutions (debit_order_id, outcome, evidence, reason, proposed_by)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id`,
        [p.debitOrderId, p.outcome, p.evidence, p.reason, p.proposedBy],
      );
      return row ? BigInt(row.id) : null;
    },

    async pendingOf(debitOrderId: bigint): Promise<ResolutionRow | null> {
      const [row] = await sql.query<Record<string, unknown>>(
        `SELECT ${columns} FROM ${from} WHERE r.debit_order_id = $1 AND r.status = 'pending_approval'`,
        [debitOrderId],
      );
      return row ? toRow(row) : null;
    },

    /** One resolution, locked until the transaction ends. */
    async lock(id: bigint): Promise<ResolutionRow | null> {
      const [row] = await sql.query<Record<string, unknown>>(
        `SELECT ${columns} FROM ${from} WHERE r.id = $1 FOR UPDATE OF r`,
        [id],
      );
      return row ? toRow(row) : null;
    },

    async decide(
      id: bigint,
      status: 'approved' | 'rejected' | 'superseded',
      decidedBy: string | null,
      note: string,
    ): Promise<void> {
      await sql.query(
        `UPDATE debit_resolutions SET status = $2, decided_by = $3, decision_note = $4, decided_at = now()
          WHERE id = $1 AND status = 'pending_approval'`,
        [id, status, decidedBy, note],
      );
    },

    /** Orders that left manual review by a channel's answer: their waiting proposals are moot. */
    async supersedeFor(debitOrderIds: bigint[]): Promise<void> {
      if (debitOrderIds.length === 0) return;
      await sql.query(
        `UPDATE debit_resolutions SET status = 'superseded', decision_note = 'the channel answered first',
                decided_at = now()
          WHERE debit_order_id = ANY($1::bigint[]) AND status = 'pending_approval'`,
        [debitOrderIds],
      );
    },

    /** Proposals, newest first (by default those waiting). */
    async list(status: ResolutionRow['status'] | null, limit: number): Promise<ResolutionRow[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT ${columns} FROM ${from} WHERE ($1::text IS NULL OR r.status = $1)
          ORDER BY r.id DESC LIMIT $2`,
        [status, limit],
      );
      return rows.map(toRow);
    },
  };
}

export type DebitReviewRepo = ReturnType<typeof createDebitReviewRepo>;
