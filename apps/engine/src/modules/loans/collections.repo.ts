// Money applied to installments (debits, offline repayments): the installment's components,
// its status, the loan's outstanding principal, and the loan settled when nothing is open.
import type { Executor } from '../../lib/executor';

/** Installment statuses that still owe money, as an SQL list. */
export const OPEN_INSTALLMENT = `('pending', 'partially_paid', 'overdue')`;

export interface Components {
  principal: bigint;
  interest: bigint;
  fee: bigint;
  penalty: bigint;
}

const num = (v: unknown) => BigInt(v as string | number | bigint);

export function createCollectionsRepo({ sql }: Executor) {
  return {
    /** The loan's open installments (current plan), locked for the allocation that follows. */
    async lockOpenInstallments(loanId: bigint) {
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
        id: num(r.id),
        dueDate: r.dueDate as string,
        period: Number(r.period),
        outstanding: {
          principal: num(r.principal),
          interest: num(r.interest),
          fee: num(r.fee),
          penalty: num(r.penalty),
        } satisfies Components,
      }));
    },

    /** Add what was collected to the installment and the loan; settle what is fully paid. */
    async applyCollection(
      installmentId: bigint,
      loanId: bigint,
      paid: Components,
    ): Promise<{ installmentPaid: boolean; loanSettled: boolean }> {
      const [inst] = await sql.query<{ status: string }>(
        `UPDATE installments SET
            principal_paid = principal_paid + $2, interest_paid = interest_paid + $3,
            fee_paid = fee_paid + $4, penalty_paid = penalty_paid + $5,
            status = CASE WHEN principal_paid + $2 = principal_due AND interest_paid + $3 = interest_due
                               AND fee_paid + $4 = fee_due AND penalty_paid + $5 = penalty_due
                          THEN 'paid' ELSE 'partially_paid' END,
            paid_at = CASE WHEN principal_paid + $2 = principal_due AND interest_paid + $3 = interest_due
                                AND fee_paid + $4 = fee_due AND penalty_paid + $5 = penalty_due
                           THEN now() ELSE paid_at END,
            updated_at = now()
          WHERE id = $1 RETURNING status`,
        [installmentId, paid.principal, paid.interest, paid.fee, paid.penalty],
      );
      const [loan] = await sql.query<{ settled: boolean }>(
        `UPDATE loans SET outstanding_principal = outstanding_principal - $2,
                status = CASE WHEN NOT EXISTS (
                  SELECT 1 FROM installments i WHERE i.loan_id = $1 AND i.is_current AND i.status IN ${OPEN_INSTALLMENT})
                  THEN 'settled' ELSE status END,
                settled_at = CASE WHEN NOT EXISTS (
                  SELECT 1 FROM installments i WHERE i.loan_id = $1 AND i.is_current AND i.status IN ${OPEN_INSTALLMENT})
                  THEN now() ELSE settled_at END,
                updated_at = now()
          WHERE id = $1 RETURNING status = 'settled' AS settled`,
        [loanId, paid.principal],
      );
      return { installmentPaid: inst?.status === 'paid', loanSettled: loan?.settled === true };
    },
  };
}

export type CollectionsRepo = ReturnType<typeof createCollectionsRepo>;
