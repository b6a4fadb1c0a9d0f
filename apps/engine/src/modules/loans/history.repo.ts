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
