// Scheduled asset transfers complete on their cut-off date: a cron at 00:05 Asia/Shanghai (before
// the first window) and once at start, so a stopped engine catches up. Completing is idempotent
// per transfer (it locks the transfer and skips what is done).
import { z } from 'zod';
import { defineJob, type JobApp } from './job-app';

export const TRANSFER_QUEUE = 'asset-transfers';

export const transferJob = (app: JobApp) =>
  defineJob({
    name: TRANSFER_QUEUE,
    title: 'jobs.name.assetTransfers',
    schedule: '5 0 * * *',
    runAtStart: true,
    permission: 'transfers.write',
    params: z.strictObject({}),
    cycle: 'schedule',
    async run(ctx) {
      const done = await app.services.transfers.completeDue();
      if (done.length > 0) ctx.log(`[jobs] asset transfers completed: ${done.join(', ')}`);
      return { completed: done.length };
    },
  });
