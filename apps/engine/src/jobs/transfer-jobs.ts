// Scheduled asset transfers complete on their cut-off date: a cron at 00:05 Asia/Shanghai (before
// the first window) and once at start, so a stopped engine catches up. Completing is idempotent
// per transfer (it locks the transfer and skips what is done).
import type { JobQueue } from '@repay/db';
import type { App } from '../app';
import { startCronJob, type JobRoles } from './cron';

export const TRANSFER_QUEUE = 'asset-transfers';

export function startTransferJobs(
  app: App,
  boss: JobQueue,
  roles: JobRoles,
  log: (message: string) => void,
) {
  return startCronJob(boss, roles, {
    queue: TRANSFER_QUEUE,
    cron: '5 0 * * *',
    runAtStart: true,
    async run() {
      const done = await app.services.transfers.completeDue();
      if (done.length > 0) log(`[jobs] asset transfers completed: ${done.join(', ')}`);
    },
  });
}
