// What a window debits: the open installments due by its date, read as candidates with what
// routing and the window rule need (on a card with an active agreement and none suspended, with
// no debit in flight), and locked for the allocation of a success.
import type { Executor } from '../../lib/executor';
import { bigintOf } from '../../lib/rows';
import { DEBIT_IN_FLIGHT, OPEN_INSTALLMENT } from '../../lib/status-sql';
import type { DebitCandidate, LockedInstallment, RunScopeFilter } from './debits.types';

export const candidateColumns = `
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
// `LEFT JOIN` for the card only where a loan without one is explained (eligibility.repo.ts): the
// run's statement keeps its inner join.
export const candidateFromOf = (cardJoin: 'JOIN' | 'LEFT JOIN') => `
  FROM unnest($2::bigint[]) AS s(id)
  JOIN LATERAL (SELECT * FROM installments i0 WHERE i0.id = s.id OFFSET 0) i ON true
  JOIN LATERAL (SELECT * FROM loans l0 WHERE l0.id = i.loan_id OFFSET 0) l ON true
  ${cardJoin} LATERAL (SELECT * FROM cards c0 WHERE c0.id = l.card_id OFFSET 0) c ON true
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
const candidateFrom = candidateFromOf('JOIN');

/**
 * The selection's conditions besides the window rule, by name: the run's WHERE is all of them,
 * and an explanation (eligibility.repo.ts) reads each one as a column of the same statement.
 */
export const SELECTION_CONDITIONS = {
  openAndDue: `i.is_current AND i.status IN ${OPEN_INSTALLMENT} AND i.due_date <= $1::date`,
  agreementActive: 'ag.active > 0',
  noneSuspended: 'ag.suspended = 0',
  notInFlight: 'fl.busy IS NULL',
} as const;
const candidateWhere = Object.values(SELECTION_CONDITIONS).join(' AND ');

// The row itself becomes the candidate (a selection reads a million of them: no copies).
export function toCandidate(r: Record<string, unknown>): DebitCandidate {
  r.installmentId = bigintOf(r.installmentId);
  r.loanId = bigintOf(r.loanId);
  r.funderId = bigintOf(r.funderId);
  r.cardId = bigintOf(r.cardId);
  r.outstandingFen = bigintOf(r.outstandingFen);
  return r as unknown as DebitCandidate;
}

export function createDebitSelectionRepo({ sql }: Executor) {
  return {
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
  };
}
