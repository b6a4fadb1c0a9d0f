// The daily reconciliation on pg-boss: a cron at 09:30 Asia/Shanghai, when channels have
// published the day before's file (T+1), looks back over the last REPAY_RECON_LOOKBACK_DAYS
// business dates (7; the latest published one included): each channel's day without a
// statement is fetched, imported and reconciled, a day imported but never reconciled is
// reconciled, and a day with a statement is not fetched again (recon-daily.service.ts). Then
// the asset check (资产对账) of the latest published day runs, once per day. It is not sent at
// start: a catch-up of every channel's files would hold the worker (and outlive a quick
// restart); the next morning's look-back finds what a stopped engine missed, and `recon fetch`
// does a day at once. Before 09:30 the latest published day is the day before yesterday:
// yesterday's file may be incomplete, and a day's file is imported once (another file for the
// day is refused). A channel's day that fails (the channel cannot serve it yet, a file refused)
// is logged with its code, the day and the reason (quoted values, which may be a file's cells,
// left out), stores nothing and is asked for again next time; the other days and channels go
// on, and so does the asset check.
import { addDays, timeOfDayIn, todayIn } from '@repay/rules';
import { z } from 'zod';
import { BUSINESS_TIME_ZONE } from '../lib/clock';
import { AppError } from '../lib/errors';
import { systemActor, type Actor } from '../modules/events';
import type { ChannelDay } from '../modules/recon';
import { defineJob, type JobApp } from './job-app';

export const RECON_QUEUE = 'recon-statements';
/** When the channels' files of the day before are out (business time, HH:MM). */
export const STATEMENTS_AT = '09:30';
const [HOUR, MINUTE] = STATEMENTS_AT.split(':');

/** The latest business date whose statements are out at `now`. */
export function publishedDay(now: Date): string {
  const days = timeOfDayIn(BUSINESS_TIME_ZONE, now) >= STATEMENTS_AT ? 1 : 2;
  return addDays(todayIn(BUSINESS_TIME_ZONE, now), -days);
}

/** A reason for the log without the values it quotes (a file's cells, a row's values). */
const unquoted = (message: string) => message.replace(/"[^"]*"/g, '"…"');

/** One line per channel for the log: counts, or the reason without the values it quotes. */
export function reconLogLine(day: ChannelDay): string {
  const head = `[jobs] recon ${day.channel} ${day.businessDate}`;
  if (day.error) return `${head}: ${day.error.code}: ${unquoted(day.error.message)}`;
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

/** The asset check of the day: run now, run before (on it or a later day), or why it failed. */
export type AssetCheck =
  | { businessDate: string; runId: string; breaks: number; before: boolean; error: null }
  | {
      businessDate: string;
      runId: null;
      breaks: null;
      before: false;
      error: { code: string; message: string };
    };

/**
 * The asset check of a business date, unless one ran for it or a later date already (a second
 * morning job adds no attempt); its failure is the answer's `error`, never the job's.
 */
export async function dailyAssetCheck(
  app: JobApp,
  businessDate: string,
  actor: Actor,
): Promise<AssetCheck> {
  try {
    const [before] = await app.services.assetRecon.runs({ from: businessDate, limit: 1 });
    if (before)
      return {
        businessDate: before.date,
        runId: before.runId,
        breaks: before.breaks,
        before: true,
        error: null,
      };
    const run = await app.services.assetRecon.run({ businessDate }, actor);
    return { businessDate, runId: run.runId, breaks: run.breaks, before: false, error: null };
  } catch (error) {
    return {
      businessDate,
      runId: null,
      breaks: null,
      before: false,
      error:
        error instanceof AppError
          ? { code: error.code, message: error.message }
          : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) },
    };
  }
}

export function assetLogLine(check: AssetCheck): string {
  const head = `[jobs] asset recon ${check.businessDate}`;
  if (check.error) return `${head}: ${check.error.code}: ${unquoted(check.error.message)}`;
  return `${head}: ${check.runId}${check.before ? ' (run before)' : ''}: ${check.breaks} breaks`;
}

/**
 * The job's work: the look-back over every channel's statements (the days done, in order), then
 * the asset check of the latest published day. `days`: how far back (REPAY_RECON_LOOKBACK_DAYS).
 */
export async function dailyRecon(
  app: JobApp,
  log: (message: string) => void,
  opts: {
    actor?: Actor;
    days?: number;
    /** After each channel's day (the job's progress). */
    onDay?: (done: number, total: number, day: ChannelDay) => void;
  } = {},
): Promise<{ statements: ChannelDay[]; assets: AssetCheck }> {
  const actor = opts.actor ?? systemActor('scheduler');
  const days = opts.days ?? app.env.REPAY_RECON_LOOKBACK_DAYS;
  const latest = publishedDay(app.clock.now());
  const statements = await app.services.reconDaily.catchUp({ latest, days }, actor, opts.onDay);
  for (const day of statements) log(reconLogLine(day));
  if (statements.length === 0)
    log(
      `[jobs] recon: every channel's statement of ${addDays(latest, 1 - days)}..${latest} is in and reconciled`,
    );
  const assets = await dailyAssetCheck(app, latest, actor);
  log(assetLogLine(assets));
  return { statements, assets };
}

export const reconJob = (app: JobApp) =>
  defineJob({
    name: RECON_QUEUE,
    title: 'jobs.name.reconStatements',
    schedule: `${Number(MINUTE)} ${Number(HOUR)} * * *`,
    runAtStart: false,
    permission: 'recon.run',
    params: z.strictObject({
      days: z
        .number()
        .int()
        .min(1)
        .max(31)
        .optional()
        .describe('business dates to look back over (REPAY_RECON_LOOKBACK_DAYS when empty)'),
    }),
    cycle: 'schedule',
    async run(ctx) {
      const { statements, assets } = await dailyRecon(app, ctx.log, {
        actor: ctx.trigger === 'schedule' ? undefined : ctx.actor,
        days: ctx.params.days,
        onDay: (done, total, day) =>
          ctx.progress(done, total, `${day.channel} ${day.businessDate}`),
      });
      const reconciled = statements.filter((d) => !d.error);
      return {
        statements: reconciled.length,
        statementsFailed: statements.length - reconciled.length,
        casesOpened: reconciled.reduce((n, d) => n + (d.run?.casesOpened ?? 0), 0),
        assetBreaks: assets.breaks ?? 0,
        assetCheckFailed: assets.error ? 1 : 0,
      };
    },
  });
