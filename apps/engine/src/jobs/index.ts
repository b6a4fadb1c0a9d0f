// The job engine of one engine process: pg-boss on the app's database, with the debit,
// overdue accrual, asset transfer, channel statement and payout jobs.
import { createJobQueue, type JobQueue } from '@repay/db';
import type { App } from '../app';
import { startAccrualJobs } from './accrual-jobs';
import type { JobRoles } from './cron';
import { startDebitJobs } from './debit-jobs';
import { startPayoutJobs } from './payout-jobs';
import { startReconJobs } from './recon-jobs';
import { startTransferJobs } from './transfer-jobs';

export async function startJobs(app: App, roles: JobRoles): Promise<JobQueue> {
  const boss = createJobQueue(app.database);
  boss.on('error', (error: Error) => console.error(`[jobs] ${error.message}`));
  await boss.start();
  const log = (message: string) => console.log(message);
  await startDebitJobs(app, boss, roles, log);
  await startAccrualJobs(app, boss, roles, log);
  await startTransferJobs(app, boss, roles, log);
  await startReconJobs(app, boss, roles, log);
  await startPayoutJobs(app, boss, roles, log);
  console.log(
    `[repay] jobs: ${[roles.schedule && 'scheduler', roles.work && 'worker'].filter(Boolean).join(' + ')}`,
  );
  return boss;
}

export { QUEUES } from './debit-jobs';
export { ACCRUAL_QUEUE } from './accrual-jobs';
export { TRANSFER_QUEUE } from './transfer-jobs';
export { RECON_QUEUE } from './recon-jobs';
export { PAYOUT_QUEUES } from './payout-jobs';
