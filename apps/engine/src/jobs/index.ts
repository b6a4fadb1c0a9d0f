// The job engine of one engine process: pg-boss on the app's database, with the debit jobs.
import { createJobQueue, type JobQueue } from '@repay/db';
import type { App } from '../app';
import { startDebitJobs, type JobRoles } from './debit-jobs';

export async function startJobs(app: App, roles: JobRoles): Promise<JobQueue> {
  const boss = createJobQueue(app.database);
  boss.on('error', (error: Error) => console.error(`[jobs] ${error.message}`));
  await boss.start();
  await startDebitJobs(app, boss, roles, (message) => console.log(message));
  console.log(
    `[repay] jobs: ${[roles.schedule && 'scheduler', roles.work && 'worker'].filter(Boolean).join(' + ')}`,
  );
  return boss;
}

export { QUEUES } from './debit-jobs';
