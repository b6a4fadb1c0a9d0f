// Keeping the risk and money rollups, beside the debit rollups and run by the same job:
// - money: each past business date (from the first with a journal, an accrual or a waiver) is
//   built once over, and built again when a source of it changes (a backdated repayment, a
//   reversal, a late accrual, an approved waiver); a date is built whole, so a repeat changes
//   nothing;
// - risk: the book at yesterday's close is snapshotted once (and a month end's bucket moves);
//   today's is taken again at each run, provisional until the snapshot at its close.
//   Installments keep no history of when they were paid, so an older date cannot be taken
//   again later: a date the job missed stays a gap rather than show a later book.
import { addDays } from '@repay/rules';
import type { Clock } from '../../lib/clock';
import type { Transactor } from '../../lib/transaction';
import type { MoneyRepo } from './money.repo';
import type { RiskRepo } from './risk.repo';
import { datesOf } from './reports.service';
import { CHANGE_HORIZON_DAYS, type RollupRefresh } from './rollups.service';

export function createFinanceRollups(deps: {
  money: MoneyRepo;
  risk: RiskRepo;
  transaction: Transactor<{ moneyReports: MoneyRepo; riskReports: RiskRepo }>;
  clock: Clock;
}) {
  const { money, transaction, clock } = deps;

  /** The money dates a refresh builds, oldest first (the dates given: those, before today). */
  async function moneyDates(given: RollupRefresh): Promise<string[]> {
    const yesterday = addDays(clock.today(), -1);
    if (given.from !== undefined || given.to !== undefined) {
      const to = given.to !== undefined && given.to < yesterday ? given.to : yesterday;
      const from = given.from ?? to;
      return from > to ? [] : datesOf(from, to);
    }
    const first = await money.firstDate();
    if (first === null || first > yesterday) return [];
    const built = new Set(await money.builtDays(first, yesterday));
    const changed = await money.changedSinceBuilt(
      addDays(yesterday, -CHANGE_HORIZON_DAYS),
      yesterday,
    );
    const unbuilt = datesOf(first, yesterday).filter((d) => !built.has(d));
    return [...new Set([...unbuilt, ...changed])].sort();
  }

  return {
    moneyDates,

    /** Build what needs building; returns the money dates built and whether the book was taken. */
    async refresh(given: RollupRefresh = {}) {
      const dates = await moneyDates(given);
      for (const date of dates) await transaction((repos) => repos.moneyReports.buildDate(date));
      const yesterday = addDays(clock.today(), -1);
      const { taken } = await transaction((repos) => repos.riskReports.snapshot(yesterday));
      // Today's book as it stands: the dashboard reads it instead of a pass over every loan.
      await transaction((repos) => repos.riskReports.snapshotToday(clock.today(), clock.now()));
      return { moneyDates: dates.length, riskSnapshot: taken ? yesterday : null };
    },
  };
}

export type FinanceRollups = ReturnType<typeof createFinanceRollups>;
