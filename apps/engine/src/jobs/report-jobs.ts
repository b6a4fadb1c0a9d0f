// The report rollups (报表): every hour at :20 (and at start), each past business date with
// orders that is not rolled up yet is built (yesterday, just after midnight), and each of the
// last two months whose orders changed since it was built (an answer after the build, the
// morning's reconciliation, a person's decision) is built again. Idempotent: a date is built
// whole, under a lock, so a repeat or a second worker writes the same rows. By hand: the dates
// from … to built again whatever they hold. A day the business clock skips is built at 00:20
// of the next (its orders final but for the unknown ones) and again after the reconciliation.
import { z } from 'zod';
import { defineJob, type JobApp } from './job-app';

export const REPORT_ROLLUP_QUEUE = 'report-rollups';

export const reportRollupJob = (app: JobApp) =>
  defineJob({
    name: REPORT_ROLLUP_QUEUE,
    title: 'jobs.name.reportRollups',
    schedule: '20 * * * *',
    runAtStart: true,
    permission: 'reports.rebuild',
    params: z
      .strictObject({
        from: z.iso
          .date('a date as YYYY-MM-DD')
          .optional()
          .describe('build the dates from this one again (with to; alone: up to yesterday)'),
        to: z.iso
          .date('a date as YYYY-MM-DD')
          .refine((d) => d < app.clock.today(), 'today is counted live; it is built once over')
          .optional()
          .describe('build the dates up to this one again (yesterday when empty)'),
      })
      .refine((p) => !p.from || !p.to || p.from <= p.to, {
        message: 'from must not be after to',
        path: ['from'],
      }),
    frequent: true,
    cycle: () => Promise.resolve(['00:20', '10:20']),
    async run(ctx) {
      const done = await app.services.reportRollups.refresh(ctx.params, (n, total, date) =>
        ctx.progress(n, total, date),
      );
      if (done.dates > 0)
        ctx.log(
          `[jobs] report rollups: ${done.dates} dates built (${done.built[0]!.date} … ${done.built.at(-1)!.date}), ${done.orders} orders`,
        );
      // The risk and money dashboards' rollups, kept by the same run.
      const finance = await app.services.financeRollups.refresh(ctx.params);
      if (finance.moneyDates > 0 || finance.riskSnapshot)
        ctx.log(
          `[jobs] report rollups: money ${finance.moneyDates} dates, book ${finance.riskSnapshot ?? 'kept'}`,
        );
      return { dates: done.dates, orders: done.orders, moneyDates: finance.moneyDates };
    },
  });

export const REPORT_FORECAST_QUEUE = 'report-forecast';

// The forecast dashboard's stored computation (报表 → 预测): every hour at :40 (so 00:40 follows
// the nightly accrual) and at start, today's forecast is computed for every scope and replaced
// whole. A read computes it first when it finds none for today, or finds the window or fee
// publications or the accrued nights changed since. By hand: 重新计算 on the dashboard.
export const reportForecastJob = (app: JobApp) =>
  defineJob({
    name: REPORT_FORECAST_QUEUE,
    title: 'jobs.name.reportForecast',
    schedule: '40 * * * *',
    runAtStart: true,
    permission: 'reports.rebuild',
    params: z.strictObject({}),
    async run(ctx) {
      const done = await app.services.reportForecast.refresh();
      ctx.log(`[jobs] report forecast: ${done.computedFor}, ${done.dates} dates`);
      return { dates: done.dates };
    },
  });
