// The job engine of one engine process: pg-boss on the app's database, with every job of the
// registry (jobs/registry.ts) scheduled and worked through the jobs service (each run kept in
// job_runs), and the debit windows' work queue.
import { createJobQueue, type JobQueue } from '@repay/db';
import type { App } from '../app';
import { startCronJob, type JobRoles } from './cron';
import { QUEUES } from './debit-jobs';

export async function startJobs(app: App, roles: JobRoles): Promise<JobQueue> {
  const boss = createJobQueue(app.database);
  boss.on('error', (error: Error) => console.error(`[jobs] ${error.message}`));
  await boss.start();
  // The work queue first: a tick fills it.
  await boss.createQueue(QUEUES.work);
  if (roles.work)
    await boss.work<{ runId: string }>(QUEUES.work, async ([job]) => {
      if (job) await app.services.debitRuns.work(BigInt(job.data.runId));
    });
  for (const def of app.services.jobs.definitions())
    await startCronJob(boss, roles, {
      queue: def.name,
      cron: def.schedule,
      runAtStart: def.runAtStart,
      run: () => app.services.jobs.runScheduled(def.name, boss),
    });
  console.log(
    `[repay] jobs: ${[roles.schedule && 'scheduler', roles.work && 'worker'].filter(Boolean).join(' + ')}`,
  );
  return boss;
}

export { QUEUES } from './debit-jobs';
export { ACCRUAL_QUEUE } from './accrual-jobs';
export { TRANSFER_QUEUE } from './transfer-jobs';
export { RECON_QUEUE } from './recon-jobs';
export { REPORT_FORECAST_QUEUE, REPORT_ROLLUP_QUEUE } from './report-jobs';
export { PAYOUT_QUEUES } from './payout-jobs';
