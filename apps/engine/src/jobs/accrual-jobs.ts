// The overdue accrual: a cron at 00:30 Asia/Shanghai accrues the new business date, catching up
// any date a stopped engine missed; also sent once at start. A date is accrued once whatever
// the number of engine processes (the run is keyed by its date). By hand: every date not yet
// accrued up to a date (today by default).
import { z } from 'zod';
import { defineJob, type JobApp } from './job-app';

export const ACCRUAL_QUEUE = 'overdue-accrual';

export const accrualJob = (app: JobApp) =>
  defineJob({
    name: ACCRUAL_QUEUE,
    title: 'jobs.name.overdueAccrual',
    schedule: '30 0 * * *',
    runAtStart: true,
    permission: 'overdue.run',
    params: z.strictObject({
      through: z.iso
        .date('a date as YYYY-MM-DD')
        .refine((d) => d <= app.clock.today(), 'a date in the future cannot be accrued yet')
        .optional()
        .describe('accrue every date not accrued yet up to this one (today when empty)'),
    }),
    cycle: 'schedule',
    async run(ctx) {
      const startedBy = ctx.trigger === 'schedule' ? 'scheduler' : `job-run:${ctx.runId}`;
      const counts = { days: 0, installments: 0, bucketChanges: 0 };
      const days = await app.services.overdueAccrual.catchUp(startedBy, ctx.params.through);
      for (const day of days)
        if (day.created) {
          counts.days++;
          counts.installments += day.installments;
          counts.bucketChanges += day.bucketChanges;
          ctx.log(
            `[jobs] accrual ${day.businessDate}: ${day.installments} overdue installments, ${day.bucketChanges} bucket changes`,
          );
        }
      return counts;
    },
  });
