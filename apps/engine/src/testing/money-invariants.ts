// The money invariants every adversarial and randomized test checks after each step. Each is
// a query for the rows that break it; a test expects none (`expect(await moneyViolations(q))
// .toEqual([])`), and a failure names the rows.
import { DEBIT_IN_FLIGHT } from '../lib/status-sql';

type Query = <T extends object>(text: string, params?: unknown[]) => Promise<T[]>;

const CHECKS: { name: string; sql: string }[] = [
  {
    name: 'an installment was paid more than it owed',
    sql: `SELECT id::text AS row FROM installments
           WHERE principal_paid > principal_due OR interest_paid > interest_due
              OR fee_paid > fee_due OR penalty_paid > penalty_due`,
  },
  {
    name: 'two debits in flight for one installment',
    sql: `SELECT installment_id::text AS row FROM debit_orders WHERE status IN ${DEBIT_IN_FLIGHT}
           GROUP BY installment_id HAVING count(*) > 1`,
  },
  {
    name: 'a debit in flight beside a settlement debit of the same loan',
    sql: `SELECT d.idempotency_key AS row FROM debit_orders d
           WHERE d.status IN ${DEBIT_IN_FLIGHT} AND d.source <> 'settlement'
             AND EXISTS (SELECT 1 FROM debit_orders s WHERE s.loan_id = d.loan_id
                          AND s.source = 'settlement' AND s.status IN ${DEBIT_IN_FLIGHT})`,
  },
  {
    name: 'a debit in flight for a superseded installment',
    sql: `SELECT d.idempotency_key AS row FROM debit_orders d JOIN installments i ON i.id = d.installment_id
           WHERE d.status IN ${DEBIT_IN_FLIGHT} AND NOT i.is_current`,
  },
  {
    name: 'a window debit dated before its installment was due',
    sql: `SELECT d.idempotency_key AS row FROM debit_orders d JOIN installments i ON i.id = d.installment_id
           WHERE d.source = 'window' AND d.business_date < i.due_date`,
  },
  {
    name: 'a debit of a loan that was not active when it was made',
    sql: `SELECT d.idempotency_key AS row FROM debit_orders d JOIN loans l ON l.id = d.loan_id
           WHERE l.settled_at IS NOT NULL AND d.created_at > l.settled_at`,
  },
  {
    // Until refunds exist (payouts), every fen in suspense is an overpayment listed to refund.
    name: 'suspense holds money that is not listed as an overpayment',
    sql: `SELECT s.held::text || ' held, ' || l.listed::text || ' listed' AS row
            FROM (SELECT coalesce(sum(-e.amount), 0) AS held FROM ledger_entries e
                    JOIN ledger_accounts a ON a.id = e.account_id
                   WHERE a.code LIKE 'suspense.%') s,
                 (SELECT coalesce(sum(amount), 0) AS listed FROM channel_anomalies
                   WHERE kind = 'overpayment') l
           WHERE s.held <> l.listed`,
  },
  {
    name: 'an order sent again after its loan settled',
    sql: `SELECT d.idempotency_key AS row FROM debit_order_events e
            JOIN debit_orders d ON d.id = e.debit_order_id JOIN loans l ON l.id = d.loan_id
           WHERE e.raw_code = 'RESEND' AND l.settled_at IS NOT NULL AND e.created_at > l.settled_at`,
  },
  {
    name: 'the ledger does not balance',
    sql: `SELECT sum(amount)::text AS row FROM ledger_entries HAVING coalesce(sum(amount), 0) <> 0`,
  },
  {
    // Reconciliation's own journals (a write-off of its fee or amount) are not collections.
    name: 'a succeeded debit without exactly one collection journal',
    sql: `SELECT d.idempotency_key AS row FROM debit_orders d
           WHERE d.status = 'succeeded'
             AND (SELECT count(*) FROM ledger_journals j WHERE j.idempotency_key LIKE '%:' || d.idempotency_key
                     AND j.kind NOT LIKE 'recon%') <> 1`,
  },
];

/** Every broken invariant as `name: rows…` (empty when all hold). */
export async function moneyViolations(q: Query): Promise<string[]> {
  const found: string[] = [];
  for (const check of CHECKS) {
    const rows = await q<{ row: string }>(check.sql);
    if (rows.length > 0) found.push(`${check.name}: ${rows.map((r) => r.row).join(', ')}`);
  }
  return found;
}
