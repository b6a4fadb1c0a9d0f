// What must hold of a loan before money or its plan changes. The database's debit guard
// (debit_order_allowed, packages/db/drizzle) asks the same of every debit order it inserts.
import { AppError } from '../../lib/errors';
import type { SettlementRepo } from './settlement.repo';

/** A settled or written-off loan is closed: nothing is paid, waived, paused or bound on it. */
export function requireActiveLoan(loan: { status: string }, orderNo: string): void {
  if (loan.status !== 'active')
    throw new AppError('UNPROCESSABLE', `loan ${orderNo} is ${loan.status}`, { field: 'orderNo' });
}

/** A debit in flight was sized from the loan as it is now: `action` waits for its answer. */
export const debitInFlightConflict = (action: 'settle' | 'reschedule') =>
  new AppError('CONFLICT', `a debit of this loan is in flight: ${action} once it has an answer`, {
    field: 'orderNo',
  });

/** The loan is active and none of its debits is in flight (settling and rescheduling need both). */
export async function requireActiveWithNoDebitInFlight(
  settlement: Pick<SettlementRepo, 'debitsInFlight'>,
  loan: { id: bigint; status: string },
  orderNo: string,
  action: 'settle' | 'reschedule',
): Promise<void> {
  requireActiveLoan(loan, orderNo);
  if ((await settlement.debitsInFlight(loan.id)) > 0) throw debitInFlightConflict(action);
}
