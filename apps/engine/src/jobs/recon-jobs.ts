// The channels' statements on pg-boss: a cron at 09:30 Asia/Shanghai, when channels have
// published the day before's file (T+1), fetches every channel's file of that day, imports it
// and reconciles the day. It is not sent at start: a catch-up of every channel's files would
// hold the worker (and outlive a quick restart); a day missed is fetched with `recon fetch`.
// Before 09:30 the latest published day is the day before yesterday: yesterday's file may be
// incomplete, and a day's file is imported once (another file for the day is refused).
// A second run of a day changes nothing (recon-daily.service.ts). A channel that fails is logged
// with its code, the day and the reason (quoted values, which may be a file's cells, left out),
// and the others go on.
import type { JobQueue } from '@repay/db';
import { addDays, timeOfDayIn, todayIn } from '@repay/rules';
import type { App } from '../app';
import { BUSINESS_TIME_ZONE } from '../lib/clock';
import { systemActor, type Actor } from '../modules/events';
import type { ChannelDay } from '../modules/recon';
import { startCronJob, type JobRoles } from './cron';

export const RECON_QUEUE = 'recon-statements';
/** When the channels' files of the day before are out (business time, HH:MM). */
export const STATEMENTS_AT = '09:30';
const [HOUR, MINUTE] = STATEMENTS_AT.split(':');

/** The latest business date whose statements are out at `now`. */
export function publishedDay(now: Date): string {
  const days = timeOfDayIn(BUSINESS_TIME_ZONE, now) >= STATEMENTS_AT ? 1 : 2;
  return addDays(todayIn(BUSINESS_TIME_ZONE, now), -days);
}

/** One line per channel for the log: counts, or the reason without the values it quotes. */
export function reconLogLine(day: ChannelDay): string {
  const head = `[jobs] recon ${day.channel} ${day.businessDate}`;
  if (day.error)
    return `${head}: ${day.error.code}: ${day.error.message.replace(/"[^"]*"/g, '"…"')}`;
  const imported = day.import!;
  const run = day.run!;
  const c = run.counts;
  return (
    `${head}: ${imported.importId} (${imported.lines} lines${imported.duplicate ? ', imported before' : ''}), ` +
    `${run.runId}${run.before ? ' (run before)' : ''}: ${c.matched} matched, ${c.overage} overage, ` +
    `${c.shortage} shortage, ${c.mismatch} mismatch, ${c.pendingResolved} pending resolved, ` +
    `${c.carried} carried; ${run.casesOpened} new cases`
  );
}

/** The job's work: every channel's latest published day, fetched, imported and reconciled. */
export async function fetchPublishedStatements(
  app: App,
  log: (message: string) => void,
  actor: Actor = systemActor('scheduler'),
): Promise<ChannelDay[]> {
  const days = await app.services.reconDaily.fetchAndReconcile(
    { channel: 'all', businessDate: publishedDay(app.clock.now()) },
    actor,
  );
  for (const day of days) log(reconLogLine(day));
  return days;
}

export function startReconJobs(
  app: App,
  boss: JobQueue,
  roles: JobRoles,
  log: (message: string) => void,
) {
  return startCronJob(boss, roles, {
    queue: RECON_QUEUE,
    cron: `${Number(MINUTE)} ${Number(HOUR)} * * *`,
    runAtStart: false,
    async run() {
      await fetchPublishedStatements(app, log);
    },
  });
}
