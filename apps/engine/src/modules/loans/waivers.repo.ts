// Waivers: the request (idempotent by its key), and applying one — what is due of the charge
// comes down on the named installments; an installment nothing is owed on any more closes.
import type { WaivableComponent } from '@repay/rules';
import type { Executor } from '../../lib/executor';
import { SETTLE_LOANS_WITH_NOTHING_OPEN } from '../../lib/status-sql';
import { bigintOf } from '../../lib/rows';
import type { WaiverFilter } from './waivers.schema';

export interface WaiverRecord {
  id: bigint;
  waiverId: string;
  requestKey: string;
  loanId: bigint;
  orderNo: string;
  component: WaivableComponent;
  period: number | null;
  amount: bigint;
  reason: string;
  status: 'pending_approval' | 'applied' | 'rejected';
  lines: { id: string; period: number; amountFen: string }[] | null;
  requestedBy: string;
  decidedBy: string | null;
  decisionNote: string | null;
  decidedAt: Date | null;
  createdAt: Date;
  /** Read by the list only. */
  funderCode?: string;
  businessDate?: string;
}

const columns = `w.id, w.waiver_id AS "waiverId", w.request_key AS "requestKey", w.loan_id AS "loanId",
  l.order_no AS "orderNo", w.component, w.period, w.amount, w.reason, w.status, w.lines,
  w.requested_by AS "requestedBy", w.decided_by AS "decidedBy", w.decision_note AS "decisionNote",
  w.decided_at AS "decidedAt", w.created_at AS "createdAt"`;

function toWaiver(r: Record<string, unknown>): WaiverRecord {
  return {
    ...(r as unknown as WaiverRecord),
    id: bigintOf(r.id),
    loanId: bigintOf(r.loanId),
    amount: bigintOf(r.amount),
    period: r.period === null ? null : Number(r.period),
    decidedAt: r.decidedAt ? new Date(r.decidedAt as string) : null,
    createdAt: new Date(r.createdAt as string),
  };
}

export function createWaiversRepo({ sql }: Executor) {
  async function one(where: string, params: unknown[], forUpdate = false) {
    const [row] = await sql.query<Record<string, unknown>>(
      `SELECT ${columns} FROM waivers w JOIN loans l ON l.id = w.loan_id WHERE ${where}
       ${forUpdate ? 'FOR UPDATE OF w' : ''}`,
      params,
    );
    return row ? toWaiver(row) : null;
  }

  return {
    byRequestKey: (key: string) => one('w.request_key = $1', [key]),
    byWaiverId: (waiverId: string, forUpdate = false) =>
      one('w.waiver_id = $1', [waiverId], forUpdate),

    /** false when the request key was taken meanwhile (a concurrent twin). */
    async insert(w: {
      waiverId: string;
      requestKey: string;
      loanId: bigint;
      component: WaivableComponent;
      period: number | null;
      amount: bigint;
      reason: string;
      status: 'pending_approval' | 'applied';
      requestedBy: string;
      businessDate: string;
    }): Promise<boolean> {
      const rows = await sql.query(
        `INSERT INTO waivers (waiver_id, request_key, loan_id, component, period, amount, reason, status, requested_by, business_date)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (request_key) DO NOTHING RETURNING id`,
        [
          w.waiverId,
          w.requestKey,
          w.loanId,
          w.component,
          w.period,
          w.amount,
          w.reason,
          w.status,
          w.requestedBy,
          w.businessDate,
        ],
      );
      return rows.length === 1;
    },

    /** What the loan's waivers of the business day add up to, pending or applied (fen). */
    async totalOfDay(loanId: bigint, businessDate: string): Promise<bigint> {
      const [row] = await sql.query<{ total: bigint | string }>(
        `SELECT coalesce(sum(amount), 0)::bigint AS total FROM waivers
          WHERE loan_id = $1 AND business_date = $2 AND status IN ('pending_approval', 'applied')`,
        [loanId, businessDate],
      );
      return bigintOf(row?.total ?? 0);
    },

    /**
     * Lower `<component>_due` line by line; close what owes nothing any more (waived) and settle
     * the loan when nothing is open.
     */
    async apply(
      loanId: bigint,
      component: WaivableComponent,
      lines: { installmentId: bigint; amount: bigint }[],
    ) {
      const due = `${component}_due`;
      await sql.query(
        `UPDATE installments i SET ${due} = i.${due} - x.amount, updated_at = now(),
                status = CASE WHEN i.principal_paid = i.principal_due AND i.interest_paid = i.interest_due
                                   AND i.fee_paid = (CASE WHEN $3 = 'fee' THEN i.fee_due - x.amount ELSE i.fee_due END)
                                   AND i.penalty_paid = (CASE WHEN $3 = 'penalty' THEN i.penalty_due - x.amount ELSE i.penalty_due END)
                              THEN 'waived' ELSE i.status END
           FROM unnest($1::bigint[], $2::bigint[]) AS x(id, amount)
          WHERE i.id = x.id`,
        [lines.map((l) => l.installmentId), lines.map((l) => l.amount), component],
      );
      await sql.query(SETTLE_LOANS_WITH_NOTHING_OPEN, [[loanId]]);
    },

    async decide(
      id: bigint,
      d: {
        status: 'applied' | 'rejected';
        decidedBy: string | null;
        note: string | null;
        lines: { id: string; period: number; amountFen: string }[] | null;
      },
    ) {
      await sql.query(
        `UPDATE waivers SET status = $2, decided_by = $3, decision_note = $4, decided_at = now(), lines = $5::jsonb
          WHERE id = $1`,
        [id, d.status, d.decidedBy, d.note, d.lines ? JSON.stringify(d.lines) : null],
      );
    },

    /** Newest first, keyset: those older than `beforeId` (the last of the previous page). */
    async list(filter: WaiverFilter & { limit: number; beforeId?: bigint }) {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT ${columns}, f.code AS "funderCode", w.business_date::text AS "businessDate"
           FROM waivers w JOIN loans l ON l.id = w.loan_id JOIN funders f ON f.id = l.funder_id
          WHERE ($1::text IS NULL OR w.status = $1) AND ($2::text IS NULL OR l.order_no = $2)
            AND ($4::bigint IS NULL OR w.id < $4)
            AND ($5::text IS NULL OR w.component = $5) AND ($6::text IS NULL OR f.code = $6)
            AND ($7::date IS NULL OR w.business_date >= $7::date)
            AND ($8::date IS NULL OR w.business_date <= $8::date)
          ORDER BY w.id DESC LIMIT $3`,
        [
          filter.status ?? null,
          filter.orderNo ?? null,
          filter.limit,
          filter.beforeId ?? null,
          filter.component ?? null,
          filter.funderCode ?? null,
          filter.from ?? null,
          filter.to ?? null,
        ],
      );
      return rows.map(toWaiver);
    },
  };
}

export type WaiversRepo = ReturnType<typeof createWaiversRepo>;
