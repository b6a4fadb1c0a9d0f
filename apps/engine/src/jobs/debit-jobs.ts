// The debit jobs on pg-boss: a cron tick every minute starts the deduction windows that are
// open (rules decide which), one work job per shard lets every worker process share a run,
// and a cron sweep queries pending orders. Any number of engine processes may run this. A tick
// by hand, or by a move of the business clock (at each window's start on a skipped day), works
// its runs itself; the sweep then runs at each window's end.
import { z } from 'zod';
import { defineJob, type JobApp } from './job-app';

export const QUEUES = {
  tick: 'debit-tick',
  work: 'debit-work',
  compensate: 'debit-compensate',
} as const;

export const debitTickJob = (app: JobApp) =>
  defineJob({
    name: QUEUES.tick,
    title: 'jobs.name.debitTick',
    schedule: '* * * * *',
    // A window open now need not wait for the next minute.
    runAtStart: true,
    permission: 'debits.run',
    params: z.strictObject({}),
    frequent: true,
    cycle: async (day) =>
      (await app.services.debitScheduler.slotsOn(day)).map((slot) => slot.start),
    async run(ctx) {
      const { debitScheduler, debitRuns } = app.services;
      const counts = { started: 0, joined: 0, shards: 0, shardsWorked: 0 };
      for (const run of await debitScheduler.tick()) {
        const { shards } = await debitRuns.progress(run.runId);
        const total = Number(shards?.total ?? 0);
        counts[run.created ? 'started' : 'joined']++;
        counts.shards += total;
        ctx.log(
          `[jobs] window ${run.window}: run ${run.runId} ${run.created ? 'started' : 'still selecting or with shards left, one more worker'}, ${total} shards so far`,
        );
        if (ctx.queue) {
          // A new run: one job per shard of its first page; idle workers each take one, and each
          // works the run (its shards, and the selection's later pages) until nothing is left. A
          // run still selecting, or with shards left (a worker may have died: the job waits for
          // its shards' leases to lapse and takes them over), gets one more job a tick (not one
          // per shard it has by now).
          const jobs = run.created ? Math.max(1, total) : 1;
          await ctx.queue.insert(
            Array.from({ length: jobs }, () => ({
              name: QUEUES.work,
              data: { runId: String(run.runId) },
            })),
          );
        } else {
          const before = counts.shardsWorked;
          counts.shardsWorked += await debitRuns.work(run.runId, (done) =>
            ctx.progress(before + done, null, `window ${run.window}`),
          );
        }
      }
      return counts;
    },
  });

export const debitCompensationJob = (app: JobApp) =>
  defineJob({
    name: QUEUES.compensate,
    title: 'jobs.name.debitCompensate',
    schedule: '* * * * *',
    runAtStart: false,
    permission: 'debits.run',
    params: z.strictObject({}),
    frequent: true,
    // At each window's end on a skipped day: its pending orders whose query is due are asked.
    cycle: async (day) =>
      (await app.services.debitScheduler.slotsOn(day)).map((slot) =>
        slot.end > slot.start ? slot.end : '23:59',
      ),
    async run(ctx) {
      const asked = await app.services.debitCompensation.sweep();
      if (asked > 0) ctx.log(`[jobs] compensation: ${asked} pending orders queried`);
      return { queried: asked };
    },
  });
