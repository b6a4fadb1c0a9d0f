// Scheduled asset transfers complete on their cut-off date: a cron at 00:05 Asia/Shanghai (before
// the first window) and once at start, so a stopped engine catches up. Completing is idempotent
// per transfer (it locks the transfer and skips what is done).
import type { JobQueue } from '@repay/db';
import type { App } from '../app';
import type { JobRoles } from './debit-jobs';

export const TRANSFER_QUEUE = 'asset-transfers';

export async function startTransferJobs(
  app: App,
  boss: JobQueue,
  roles: JobRoles,
  log: (message: string) => void,
) {
  await boss.createQueue(TRANSFER_QUEUE);
  if (roles.schedule) {
    await boss.schedule(TRANSFER_QUEUE, '5 0 * * *', {}, { tz: 'Asia/Shanghai' });
    await boss.send(TRANSFER_QUEUE, {});
  }
  if (!roles.work) return;
  await boss.work(TRANSFER_QUEUE, async () => {
    const done = await app.services.transfers.completeDue();
    if (done.length > 0) log(`[jobs] asset transfers completed: ${done.join(', ')}`);
  });
}
