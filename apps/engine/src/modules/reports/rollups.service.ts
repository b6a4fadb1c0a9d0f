// Keeping the rollups: each past business date (from the first with orders) is built once its
// day is over (a day without orders too: its channel health, and no live read for it), and
// built again when its orders change (an answer after the build, a reversal, a person's
// decision). A date is built whole in one transaction, so running this again, from any number
// of processes, changes nothing that is already right.
import { addDays } from '@repay/rules';
import type { Clock } from '../../lib/clock';
import type { Transactor } from '../../lib/transaction';
import type { RollupsRepo } from './rollups.repo';
import { datesOf } from './reports.service';

/** How far back a scheduled refresh looks for dates whose orders changed since they were built. */
export const CHANGE_HORIZON_DAYS = 62;

export interface RollupRefresh {
  /** Build exactly these dates (before today) again; else: the dates not built or changed. */
  from?: string;
  to?: string;
}

export function createReportRollups(deps: {
  repo: RollupsRepo;
  transaction: Transactor<{ reportRollups: RollupsRepo }>;
  clock: Clock;
}) {
  const { repo, transaction, clock } = deps;

  /** The dates a refresh builds, oldest first. */
  async function datesToBuild(given: RollupRefresh): Promise<string[]> {
    const yesterday = addDays(clock.today(), -1);
    if (given.from !== undefined || given.to !== undefined) {
      const to = given.to !== undefined && given.to < yesterday ? given.to : yesterday;
      const from = given.from ?? to;
      return from > to ? [] : datesOf(from, to);
    }
    const first = await repo.firstOrderDate();
    if (first === null || first > yesterday) return [];
    const built = new Set((await repo.builtDays(first, yesterday)).map((d) => d.businessDate));
    const horizon = addDays(yesterday, -CHANGE_HORIZON_DAYS);
    const changed = await repo.changedSinceBuilt(horizon, yesterday);
    const unbuilt = datesOf(first, yesterday).filter((d) => !built.has(d));
    return [...new Set([...unbuilt, ...changed])].sort();
  }

  return {
    datesToBuild,

    /** Build one date (before today) whole; its figures replace what it had. */
    buildDate: (date: string) => transaction((repos) => repos.reportRollups.buildDate(date)),

    /**
     * Build what needs building (or the dates given); `progress` hears after each date.
     * Today is never built: it is counted live until it is over.
     */
    async refresh(
      given: RollupRefresh = {},
      progress?: (done: number, total: number, date: string) => void | Promise<void>,
    ) {
      const dates = await datesToBuild(given);
      const built: { date: string; orders: number }[] = [];
      for (const date of dates) {
        const { orders } = await transaction((repos) => repos.reportRollups.buildDate(date));
        built.push({ date, orders });
        await progress?.(built.length, dates.length, date);
      }
      return {
        dates: built.length,
        orders: built.reduce((n, b) => n + b.orders, 0),
        built,
      };
    },
  };
}

export type ReportRollups = ReturnType<typeof createReportRollups>;
