// What other modules read of accruals inside their own transaction: a payment dated before the
// last accrued day pays what was owed on its day, without what accrued after it (the
// recalculation, recalculation.ts, then accrues those days again).
import type { Executor } from '../../lib/executor';
import { createOverdueRepo } from './overdue.repo';
import { createRecalculationRepo } from './recalculation.repo';

/** The last business date accrual has run for; null before the first run. */
export const lastAccruedDate = (tx: Executor) => createRecalculationRepo(tx).lastAccruedDate();

/** Penalty and fees accrued after `date`, per installment id. */
export const accruedAfter = (tx: Executor, installmentIds: bigint[], date: string) =>
  createRecalculationRepo(tx).accruedAfter(installmentIds, date);

/**
 * A reversed collection (冲正) made the installment owe again on `date`: the overdue days it
 * stood as paid are not charged; the next accrual charges from the day after.
 */
export const resumeAccrualAfter = (tx: Executor, installmentId: bigint, date: string) =>
  createOverdueRepo(tx).resumeAccrualAfter(installmentId, date);
