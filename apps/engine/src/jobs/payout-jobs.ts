// Payouts on pg-boss: every minute, the queued payouts the positions now cover are sent and the
// sent ones whose query is due are asked about (an unknown payout is only ever queried); every
// five minutes, funders whose remittance cut-off has passed today get their batch; every ten
// minutes (and at start), the payout accounts' balances are synced from the channels. Each is idempotent: a
// repeat (two workers, a restart) sends nothing twice (the orders' states and keys hold it). A
// day the business clock skips makes its remittances at 23:55 (every cut-off has passed) and
// sends at 23:56; balances are the channels' now, not a day's, so the sync takes no part.
import { z } from 'zod';
import { systemActor } from '../modules/events';
import { defineJob, type JobApp } from './job-app';

export const PAYOUT_QUEUES = {
  send: 'payouts-send',
  remit: 'payouts-remit',
  sync: 'payouts-sync',
} as const;

const scheduler = systemActor('payouts');

export const payoutRemitJob = (app: JobApp) =>
  defineJob({
    name: PAYOUT_QUEUES.remit,
    title: 'jobs.name.payoutsRemit',
    schedule: '*/5 * * * *',
    runAtStart: true,
    permission: 'remittance.run',
    params: z.strictObject({}),
    frequent: true,
    cycle: () => Promise.resolve(['23:55']),
    async run(ctx) {
      const counts = { batches: 0, made: 0, carried: 0, noAccount: 0 };
      const actor = ctx.trigger === 'schedule' ? scheduler : ctx.actor;
      for (const b of await app.services.remittance.dueNow(actor)) {
        counts.batches++;
        if (b.status === 'made') counts.made++;
        else if (b.status === 'carried') counts.carried++;
        else counts.noAccount++;
        ctx.log(
          `[jobs] remittance ${b.funderCode} ${b.businessDate}: ${b.status} ${b.amount} (fee ${b.fee})`,
        );
      }
      return counts;
    },
  });

export const payoutSendJob = (app: JobApp) =>
  defineJob({
    name: PAYOUT_QUEUES.send,
    title: 'jobs.name.payoutsSend',
    schedule: '* * * * *',
    runAtStart: true,
    permission: 'payouts.handle',
    params: z.strictObject({}),
    frequent: true,
    cycle: () => Promise.resolve(['23:56']),
    async run(ctx) {
      const queried = await app.services.payouts.queryDue();
      // The whole queue, page by page, within the minute: orders a page leaves waiting for a
      // position do not hold back the ones behind them.
      const sent = await app.services.payouts.dispatchQueue({ budgetMs: 50_000 });
      if (queried.queried > 0 || sent.sent > 0 || sent.failed > 0)
        ctx.log(
          `[jobs] payouts: ${sent.sent} sent, ${sent.failed} failed, ${sent.waiting} waiting for a position; ${queried.queried} queried`,
        );
      // Payouts waiting for a position are a state, not work done: a minute that sent and
      // asked nothing leaves no run (the payouts page shows what waits).
      return { sent: sent.sent, failed: sent.failed, queried: queried.queried };
    },
  });

export const payoutSyncJob = (app: JobApp) =>
  defineJob({
    name: PAYOUT_QUEUES.sync,
    title: 'jobs.name.payoutsSync',
    schedule: '*/10 * * * *',
    // At start too: a restarted engine's positions are the channels' balances before it sends.
    runAtStart: true,
    permission: 'positions.manage',
    params: z.strictObject({}),
    frequent: true,
    async run(ctx) {
      const counts = { drifted: 0, notSynced: 0 };
      const actor = ctx.trigger === 'schedule' ? scheduler : ctx.actor;
      for (const r of await app.services.positions.syncAll(actor))
        if (!r.synced || r.drift !== '0.00') {
          counts[r.synced ? 'drifted' : 'notSynced']++;
          ctx.log(
            `[jobs] position ${r.channelCode}: ${r.synced ? `drift ${r.drift}` : `not synced: ${r.message}`}`,
          );
        }
      return counts;
    },
  });
