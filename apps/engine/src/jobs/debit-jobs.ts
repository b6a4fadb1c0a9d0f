// The debit jobs on pg-boss: a cron tick every minute starts the deduction windows that are
// open (rules decide which), one work job per shard lets every worker process share a run,
// and a cron sweep queries pending orders. Any number of engine processes may run this.
import type { JobQueue } from '@repay/db';
import type { App } from '../app';
import { startCronJob, type JobRoles } from './cron';

export const QUEUES = {
  tick: 'debit-tick',
  work: 'debit-work',
  compensate: 'debit-compensate',
} as const;

export async function startDebitJobs(
  app: App,
  boss: JobQueue,
  roles: JobRoles,
  log: (message: string) => void,
) {
  const { debitScheduler, debitRuns, debitCompensation } = app.services;
  // The work queue first: a tick fills it.
  await boss.createQueue(QUEUES.work);
  if (roles.work)
    await boss.work<{ runId: string }>(QUEUES.work, async ([job]) => {
      if (job) await debitRuns.work(BigInt(job.data.runId));
    });
  await startCronJob(boss, roles, {
    queue: QUEUES.tick,
    cron: '* * * * *',
    // A window open now need not wait for the next minute.
    runAtStart: true,
    async run() {
      for (const run of await debitScheduler.tick()) {
        const { shards } = await debitRuns.progress(run.runId);
        const total = Number(shards?.total ?? 0);
        log(
          `[jobs] window ${run.window}: run ${run.runId} ${run.created ? 'started' : 'still selecting or with shards left, one more worker'}, ${total} shards so far`,
        );
        // A new run: one job per shard of its first page; idle workers each take one, and each
        // works the run (its shards, and the selection's later pages) until nothing is left. A
        // run still selecting, or with shards left (a worker may have died: the job waits for its
        // shards' leases to lapse and takes them over), gets one more job a tick (not one per
        // shard it has by now).
        const jobs = run.created ? Math.max(1, total) : 1;
        await boss.insert(
          Array.from({ length: jobs }, () => ({
            name: QUEUES.work,
            data: { runId: String(run.runId) },
          })),
        );
      }
    },
  });
  await startCronJob(boss, roles, {
    queue: QUEUES.compensate,
    cron: '* * * * *',
    runAtStart: false,
    async run() {
      const asked = await debitCompensation.sweep();
      if (asked > 0) log(`[jobs] compensation: ${asked} pending orders queried`);
    },
  });
}
