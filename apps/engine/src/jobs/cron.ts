// A scheduled job on pg-boss: its queue, a cron in business time that the scheduler role
// registers (idempotent in pg-boss: one schedule per queue), optionally one run sent at start
// so a stopped engine catches up at once, and its handler on the worker role.
import type { JobQueue } from '@repay/db';
import { BUSINESS_TIME_ZONE } from '../lib/clock';

export interface JobRoles {
  /** Register the cron schedules. */
  schedule: boolean;
  /** Take jobs from the queues. */
  work: boolean;
}

export interface CronJob {
  queue: string;
  /** When, in business time (Asia/Shanghai). */
  cron: string;
  /** Also sent once when the scheduler starts: what came due while the engine was stopped is done now. */
  runAtStart: boolean;
  run: () => Promise<unknown>;
}

export async function startCronJob(boss: JobQueue, roles: JobRoles, job: CronJob) {
  await boss.createQueue(job.queue);
  if (roles.schedule) {
    await boss.schedule(job.queue, job.cron, {}, { tz: BUSINESS_TIME_ZONE });
    if (job.runAtStart) await boss.send(job.queue, {});
  }
  if (roles.work) await boss.work(job.queue, job.run);
}
