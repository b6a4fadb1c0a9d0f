// The vocabulary's status lists as raw-SQL `IN` lists (`WHERE status IN ${DEBIT_IN_FLIGHT}`), and
// the status changes several repositories make alike.
import { sqlList } from '@repay/db';
import {
  AWAITING_ANSWER_DEBIT_STATUSES,
  IN_FLIGHT_DEBIT_STATUSES,
  OPEN_INSTALLMENT_STATUSES,
} from '@repay/rules';

export const OPEN_INSTALLMENT = sqlList(OPEN_INSTALLMENT_STATUSES);
export const DEBIT_IN_FLIGHT = sqlList(IN_FLIGHT_DEBIT_STATUSES);
export const DEBIT_AWAITING_ANSWER = sqlList(AWAITING_ANSWER_DEBIT_STATUSES);

/**
 * Settle the active loans among $1 (bigint[]) that have nothing open any more (their last open
 * installment was paid or waived); returns the ids of those it settled.
 */
export const SETTLE_LOANS_WITH_NOTHING_OPEN = `UPDATE loans l SET status = 'settled', settled_at = now(),
         overdue_since = NULL, delinquency_bucket = 'M0', updated_at = now()
   WHERE l.id = ANY($1::bigint[]) AND l.status = 'active'
     AND NOT EXISTS (SELECT 1 FROM installments i WHERE i.loan_id = l.id AND i.is_current
                       AND i.status IN ${OPEN_INSTALLMENT})
   RETURNING l.id::text AS id`;

/**
 * A debit order's outcome (DEBIT_OUTCOMES) from its status and result class, for the reports
 * and the debit orders list alike: `d` is the order's alias.
 */
export const debitOutcomeOf = (d: string) =>
  `(CASE ${d}.status WHEN 'succeeded' THEN 'success' WHEN 'reversed' THEN 'reversed'
     WHEN 'failed' THEN CASE WHEN ${d}.result_class IN ('fail_funds', 'fail_card', 'fail_request')
                             THEN ${d}.result_class ELSE 'fail_other' END
     ELSE 'in_flight' END)`;

/**
 * The order is a retry: another order of its installment came before it (its attempt, set at
 * insert, is its number among them).
 */
export const debitRetryOf = (d: string) => `(${d}.attempt > 1)`;
