// A loan's history for the console: offline repayments, the events it sent and who did what.
import type { Executor } from '../../lib/executor';

export function createLoanHistoryRepo({ sql }: Executor) {
  return {
    async repayments(orderNo: string) {
      return sql.query<{
        reference: string;
        amount: string;
        paidAt: Date;
        method: string;
        allocations: { period: number; component: string; amountFen: string }[];
        createdBy: string;
        createdAt: Date;
      }>(
        `SELECT r.reference, r.amount::text AS amount, r.paid_at AS "paidAt", r.method, r.allocations,
                r.created_by AS "createdBy", r.created_at AS "createdAt"
           FROM repayments r JOIN loans l ON l.id = r.loan_id
          WHERE l.order_no = $1 ORDER BY r.paid_at, r.id`,
        [orderNo],
      );
    },

    /**
     * Every collection the ledger holds for the loan (channel debits, offline repayments,
     * settlements, reversals), each with the components and periods it paid: the credits of
     * its journal to principal receivable, income and suspense. A debit's period is its order's
     * installment's when the entries do not name one.
     */
    async collections(orderNo: string) {
      return sql.query<{
        key: string;
        kind: string;
        effectiveDate: string;
        at: Date;
        channel: string | null;
        parts: { code: string; amountFen: string; period: number | null }[];
      }>(
        `SELECT j.idempotency_key AS key, j.kind, j.effective_date::text AS "effectiveDate",
                j.created_at AS at, d.channel_code AS channel,
                jsonb_agg(jsonb_build_object('code', a.code, 'amountFen', (-e.amount)::text,
                                             'period', coalesce(i.period, di.period)) ORDER BY e.id) AS parts
           FROM ledger_journals j
           JOIN loans l ON l.id = j.loan_id
           JOIN ledger_entries e ON e.journal_id = j.id
           JOIN ledger_accounts a ON a.id = e.account_id
           LEFT JOIN installments i ON i.id = e.installment_id
           LEFT JOIN debit_orders d
             ON d.loan_id = j.loan_id
            AND d.idempotency_key = substr(j.idempotency_key, strpos(j.idempotency_key, ':') + 1)
           LEFT JOIN installments di ON di.id = d.installment_id AND d.source <> 'settlement'
          WHERE l.order_no = $1
            AND j.kind IN ('debit_collected', 'repayment_received', 'loan_settled', 'debit_reversed')
            AND (a.code LIKE 'receivable.principal:%' OR a.code LIKE 'income.%'
                 OR a.code LIKE 'suspense.unallocated:%')
          GROUP BY j.id, d.channel_code
          ORDER BY j.effective_date, j.id`,
        [orderNo],
      );
    },

    /** Waivers applied to the loan: what they forgave, where. */
    async waivers(orderNo: string) {
      return sql.query<{
        id: string;
        component: string;
        amount: string;
        lines: { period: number; amountFen: string }[] | null;
        at: Date;
      }>(
        `SELECT w.id::text AS id, w.component, w.amount::text AS amount, w.lines,
                coalesce(w.decided_at, w.created_at) AS at
           FROM waivers w JOIN loans l ON l.id = w.loan_id
          WHERE l.order_no = $1 AND w.status = 'applied' ORDER BY w.id`,
        [orderNo],
      );
    },

    async events(orderNo: string, limit: number) {
      return sql.query<{
        eventId: string;
        topic: string;
        payload: Record<string, unknown>;
        createdAt: Date;
        publishedAt: Date | null;
      }>(
        `SELECT event_id AS "eventId", topic, payload, created_at AS "createdAt", published_at AS "publishedAt"
           FROM outbox_events WHERE aggregate_type = 'loan' AND aggregate_id = $1
          ORDER BY id DESC LIMIT $2`,
        [orderNo, limit],
      );
    },

    async audit(orderNo: string, limit: number) {
      return sql.query<{
        actorType: string;
        actorId: string;
        action: string;
        reason: string | null;
        diff: Record<string, unknown> | null;
        createdAt: Date;
      }>(
        `SELECT actor_type AS "actorType", actor_id AS "actorId", action, reason, diff, created_at AS "createdAt"
           FROM audit_log WHERE entity_type = 'loan' AND entity_id = $1 ORDER BY id DESC LIMIT $2`,
        [orderNo, limit],
      );
    },
  };
}

export type LoanHistoryRepo = ReturnType<typeof createLoanHistoryRepo>;
