// Payouts on pg-boss: every minute, the queued payouts the positions now cover are sent and the
// sent ones whose query is due are asked about (an unknown payout is only ever queried); every
// five minutes, funders whose remittance cut-off has passed today get their batch; every ten
// minutes (and at start), the payout accounts' balances are synced from the channels. Each is idempotent: a
// repeat (two workers, a restart) sends nothing twice (the orders' states and keys hold it).
import type { JobQueue } from '@repay/db';
import type { App } from '../app';
import { systemActor } from '../modules/events';
import { startCronJob, type JobRoles } from './cron';

export const PAYOUT_QUEUES = {
  send: 'payouts-send',
  remit: 'payouts-remit',
  sync: 'payouts-sync',
} as const;

export async function startPayoutJobs(
  app: App,
  boss: JobQueue,
  roles: JobRoles,
  log: (message: string) => void,
) {
  const actor = systemActor('payouts');
  await startCronJob(boss, roles, {
    queue: PAYOUT_QUEUES.send,
    cron: '* * * * *',
    runAtStart: true,
    async run() {
      const queried = await app.services.payouts.queryDue();
      const sent = await app.services.payouts.dispatch();
      if (queried.queried > 0 || sent.sent > 0 || sent.failed > 0)
        log(
          `[jobs] payouts: ${sent.sent} sent, ${sent.failed} failed, ${sent.waiting} waiting for a position; ${queried.queried} queried`,
        );
    },
  });
  await startCronJob(boss, roles, {
    queue: PAYOUT_QUEUES.remit,
    cron: '*/5 * * * *',
    runAtStart: true,
    async run() {
      for (const b of await app.services.remittance.dueNow(actor))
        log(
          `[jobs] remittance ${b.funderCode} ${b.businessDate}: ${b.status} ${b.amount} (fee ${b.fee})`,
        );
    },
  });
  await startCronJob(boss, roles, {
    queue: PAYOUT_QUEUES.sync,
    cron: '*/10 * * * *',
    // At start too: a restarted engine's positions are the channels' balances before it sends.
    runAtStart: true,
    async run() {
      for (const r of await app.services.positions.syncAll(actor))
        if (!r.synced || r.drift !== '0.00')
          log(
            `[jobs] position ${r.channelCode}: ${r.synced ? `drift ${r.drift}` : `not synced: ${r.message}`}`,
          );
    },
  });
}
