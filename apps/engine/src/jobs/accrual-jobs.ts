// The overdue accrual on pg-boss: a cron at 00:30 Asia/Shanghai accrues the new business
// date, catching up any date a stopped engine missed; also sent once at start. A date is
// accrued once whatever the number of engine processes (the run is keyed by its date).
import type { JobQueue } from '@repay/db';
import type { App } from '../app';
import { startCronJob, type JobRoles } from './cron';

export const ACCRUAL_QUEUE = 'overdue-accrual';

export function startAccrualJobs(
  app: App,
  boss: JobQueue,
  roles: JobRoles,
  log: (message: string) => void,
) {
  return startCronJob(boss, roles, {
    queue: ACCRUAL_QUEUE,
    cron: '30 0 * * *',
    runAtStart: true,
    async run() {
      for (const day of await app.services.overdueAccrual.catchUp('scheduler'))
        if (day.created)
          log(
            `[jobs] accrual ${day.businessDate}: ${day.installments} overdue installments, ${day.bucketChanges} bucket changes`,
          );
    },
  });
}
