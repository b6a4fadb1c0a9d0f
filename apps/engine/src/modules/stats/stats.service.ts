// Today's key figures for the console home page.
import { addDays, fenToYuan } from '@repay/rules';
import type { Clock } from '../../lib/clock';
import type { StatsRepo } from './stats.repo';

export function createStatsService(deps: { repo: StatsRepo; clock: Clock }) {
  const { repo, clock } = deps;
  return {
    async dashboardSummary() {
      const today = clock.today();
      const horizon = addDays(today, 6);
      const [loans, due, overdue, upcoming, byLine] = await Promise.all([
        repo.loanCounts(),
        repo.dueOn(today),
        repo.overdue(today),
        repo.dueBetween(today, horizon),
        repo.byBusinessLine(),
      ]);
      const upcomingByDate = new Map(upcoming.map((d) => [d.date, d]));
      const dueNext7Days = Array.from({ length: 7 }, (_, i) => {
        const date = addDays(today, i);
        const day = upcomingByDate.get(date);
        return { date, count: day?.count ?? 0, amount: fenToYuan(day?.amount ?? 0n) };
      });
      return {
        today,
        activeLoans: loans.active,
        settledLoans: loans.settled,
        dueToday: { count: due.count, amount: fenToYuan(due.amount) },
        overdue: { count: overdue.count, amount: fenToYuan(overdue.amount), loans: overdue.loans },
        outstandingPrincipal: fenToYuan(loans.outstandingPrincipal),
        dueNext7Days,
        byBusinessLine: byLine.map((b) => ({
          businessLine: b.businessLine,
          loans: b.loans,
          outstandingPrincipal: fenToYuan(b.outstandingPrincipal),
        })),
      };
    },
  };
}

export type StatsService = ReturnType<typeof createStatsService>;
