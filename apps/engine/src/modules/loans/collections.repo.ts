// Money applied to installments (debits, offline repayments): the installment's components,
// its status, the loan's outstanding principal, and the loan settled when nothing is open.
import type { Components } from '@repay/rules';
import type { Executor } from '../../lib/executor';
import { bigintOf } from '../../lib/rows';
import { OPEN_INSTALLMENT } from '../../lib/status-sql';

export type { Components };

export function createCollectionsRepo({ sql }: Executor) {
  return {
    /**
     * Loans locked FOR NO KEY UPDATE, in id order, before any installment of theirs: every path
     * that changes what a loan owes locks in the order loan → quote → installments, so none
     * waits for another in a circle. NO KEY UPDATE is what their UPDATE of the loan takes
     * anyway, and it leaves the debit guard's FOR KEY SHARE free: a collection never blocks a
     * window's insert, nor the insert it.
     */
    async lockLoans(loanIds: bigint[]) {
      if (loanIds.length === 0) return;
      await sql.query(
        `SELECT id FROM loans WHERE id = ANY($1::bigint[]) ORDER BY id FOR NO KEY UPDATE`,
        [[...new Set(loanIds)]],
      );
    },

    /** The loan's open installments (current plan), locked (the loan first) for an allocation. */
    async lockOpenInstallments(loanId: bigint) {
      await this.lockLoans([loanId]);
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT i.id, i.due_date::text AS "dueDate", i.period,
                (i.principal_due - i.principal_paid)::bigint AS principal,
                (i.interest_due - i.interest_paid)::bigint AS interest,
                (i.fee_due - i.fee_paid)::bigint AS fee,
                (i.penalty_due - i.penalty_paid)::bigint AS penalty
           FROM installments i
          WHERE i.loan_id = $1 AND i.is_current AND i.status IN ${OPEN_INSTALLMENT}
          ORDER BY i.due_date, i.period FOR UPDATE`,
        [loanId],
      );
      return rows.map((r) => ({
        id: bigintOf(r.id),
        dueDate: r.dueDate as string,
        period: Number(r.period),
        outstanding: {
          principal: bigintOf(r.principal),
          interest: bigintOf(r.interest),
          fee: bigintOf(r.fee),
          penalty: bigintOf(r.penalty),
        } satisfies Components,
      }));
    },

    /**
     * Add what was collected to the installments and their loans, set-based; settle what is
     * fully paid. The loans are locked first (a no-op for a caller that locked them already).
     * Returns, per loan, whether it is now settled.
     */
    async applyCollections(
      items: { installmentId: bigint; loanId: bigint; paid: Components }[],
    ): Promise<Map<bigint, boolean>> {
      if (items.length === 0) return new Map();
      const col = <T>(f: (i: (typeof items)[number]) => T) => items.map(f);
      await this.lockLoans(items.map((i) => i.loanId));
      await sql.query(
        `UPDATE installments i SET
            principal_paid = i.principal_paid + x.p, interest_paid = i.interest_paid + x.it,
            fee_paid = i.fee_paid + x.f, penalty_paid = i.penalty_paid + x.pe,
            status = CASE WHEN i.principal_paid + x.p = i.principal_due AND i.interest_paid + x.it = i.interest_due
                               AND i.fee_paid + x.f = i.fee_due AND i.penalty_paid + x.pe = i.penalty_due
                          THEN 'paid' WHEN i.status = 'overdue' THEN 'overdue' ELSE 'partially_paid' END,
            paid_at = CASE WHEN i.principal_paid + x.p = i.principal_due AND i.interest_paid + x.it = i.interest_due
                                AND i.fee_paid + x.f = i.fee_due AND i.penalty_paid + x.pe = i.penalty_due
                           THEN now() ELSE i.paid_at END,
            updated_at = now()
           FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[]) AS x(id, p, it, f, pe)
          WHERE i.id = x.id`,
        [
          col((i) => i.installmentId),
          col((i) => i.paid.principal),
          col((i) => i.paid.interest),
          col((i) => i.paid.fee),
          col((i) => i.paid.penalty),
        ],
      );
      // Whether each loan still has an open installment: one index probe per loan (a lateral
      // LIMIT 1). As a NOT EXISTS inside CASE, the planner may turn it into a hashed scan of
      // every installment, once per batch (measured: 30–90 ms a batch at 20,000 installments,
      // growing with the table).
      const loans = await sql.query<{ id: bigint; settled: boolean }>(
        `UPDATE loans l SET outstanding_principal = l.outstanding_principal - x.p,
                status = CASE WHEN x.open THEN l.status ELSE 'settled' END,
                settled_at = CASE WHEN x.open THEN l.settled_at ELSE now() END,
                updated_at = now()
           FROM (SELECT g.lo, g.p, o.one IS NOT NULL AS open
                   FROM (SELECT lo, sum(p)::bigint AS p FROM unnest($1::bigint[], $2::bigint[]) AS u(lo, p) GROUP BY lo) g
                   LEFT JOIN LATERAL (
                     SELECT 1 AS one FROM installments i
                      WHERE i.loan_id = g.lo AND i.is_current AND i.status IN ${OPEN_INSTALLMENT} LIMIT 1) o ON true) x
          WHERE l.id = x.lo RETURNING l.id, l.status = 'settled' AS settled`,
        [col((i) => i.loanId), col((i) => i.paid.principal)],
      );
      return new Map(loans.map((l) => [bigintOf(l.id), l.settled === true]));
    },

    /**
     * Take back what one collection added (a success reversed): the installment owes it again
     * (overdue when its due date is before `today`), the loan's principal grows back and a
     * settled loan is active again. Null when the installment is no longer on the current plan
     * or holds less than the amounts (nothing changes then).
     */
    async reverseCollection(
      installmentId: bigint,
      loanId: bigint,
      paid: Components,
      today: string,
    ): Promise<{ status: string } | null> {
      await this.lockLoans([loanId]);
      const [row] = await sql.query<{ status: string }>(
        `UPDATE installments i SET
            principal_paid = i.principal_paid - $2, interest_paid = i.interest_paid - $3,
            fee_paid = i.fee_paid - $4, penalty_paid = i.penalty_paid - $5,
            status = CASE WHEN i.due_date < $6::date THEN 'overdue'
                          WHEN i.principal_paid - $2 + i.interest_paid - $3 + i.fee_paid - $4 + i.penalty_paid - $5 > 0
                          THEN 'partially_paid' ELSE 'pending' END,
            paid_at = NULL, updated_at = now()
          WHERE i.id = $1 AND i.loan_id = $7 AND i.is_current
            AND i.principal_paid >= $2 AND i.interest_paid >= $3 AND i.fee_paid >= $4 AND i.penalty_paid >= $5
          RETURNING i.status`,
        [installmentId, paid.principal, paid.interest, paid.fee, paid.penalty, today, loanId],
      );
      if (!row) return null;
      await sql.query(
        `UPDATE loans SET outstanding_principal = outstanding_principal + $2,
                status = CASE WHEN status = 'settled' THEN 'active' ELSE status END,
                settled_at = CASE WHEN status = 'settled' THEN NULL ELSE settled_at END,
                updated_at = now()
          WHERE id = $1`,
        [loanId, paid.principal],
      );
      return row;
    },

    /** Add what was collected to one installment and its loan (see applyCollections). */
    async applyCollection(
      installmentId: bigint,
      loanId: bigint,
      paid: Components,
    ): Promise<{ loanSettled: boolean }> {
      const settled = await this.applyCollections([{ installmentId, loanId, paid }]);
      return { loanSettled: settled.get(loanId) === true };
    },
  };
}

export type CollectionsRepo = ReturnType<typeof createCollectionsRepo>;
