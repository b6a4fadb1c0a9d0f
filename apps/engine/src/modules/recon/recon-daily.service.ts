// The day's statements, fetched: each channel's file of a business date (T+1: a channel
// publishes yesterday's file in the morning) from its adapter, imported, and the day
// reconciled. One channel that cannot be reached, or whose file is refused, is reported and the
// others go on. A day already reconciled from the same file is reported with its last run and
// not run again, so the morning job, its catch-up at start and a person's `recon fetch` can
// follow each other and change nothing the second time (`recon run` reruns a day on purpose).
//
// The look-back (`catchUp`): every channel's business dates of the last N days that have no
// statement yet are fetched, imported and reconciled, oldest first, and a day imported but
// never reconciled (its run failed) is reconciled; a day with a statement is not fetched
// again. A day the channel cannot serve yet stores nothing, so the next catch-up asks again.
import { addDays, fenToYuan, isValidDate } from '@repay/rules';
import { AppError } from '../../lib/errors';
import type { Actor } from '../events';
import type { ReconRepo } from './recon.repo';
import type { ReconRuns } from './recon-run.service';
import type { ReconCounts, StatementChannels } from './recon.types';
import { importIdText, type ImportAnswer, type StatementImports } from './statement-import.service';

export interface ChannelDay {
  channel: string;
  businessDate: string;
  /** The file's import (a file imported before: `duplicate`); null when it failed. */
  import: ImportAnswer | null;
  /** The day's run: this one, or the last one when the day was reconciled from this file before. */
  run: {
    runId: string;
    attempt: number;
    counts: ReconCounts;
    /** Cases this call opened. */
    casesOpened: number;
    /** Run before, from the same file: nothing was done again. */
    before: boolean;
  } | null;
  /** Why the channel's day stopped (unreachable channel, refused file); null when it did not. */
  error: { code: string; message: string } | null;
}

/** The error's code and message as a caller may show them (a channel's own error: UNAVAILABLE). */
function failureOf(error: unknown): { code: string; message: string } {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  const cause = (error as { cause?: { code?: unknown } }).cause;
  const detail = typeof cause?.code === 'string' ? ` (${cause.code})` : '';
  return {
    code: 'UNAVAILABLE',
    message: `${error instanceof Error ? error.message : String(error)}${detail}`,
  };
}

export function createReconDaily(deps: {
  repo: ReconRepo;
  imports: Pick<StatementImports, 'fetchAndImport'>;
  runs: Pick<ReconRuns, 'run'>;
  channels: Pick<StatementChannels, 'codes'>;
}) {
  const { repo, imports, runs, channels } = deps;

  /** The day's run: the last one when the day was reconciled from this file before, else a new one. */
  async function reconcile(day: ChannelDay, actor: Actor) {
    const { channel, businessDate } = day;
    const [last] = day.import!.duplicate
      ? await repo.runs(channel, businessDate, businessDate, 1)
      : [];
    if (last) {
      day.run = {
        runId: `rcr_${String(last.id)}`,
        attempt: last.attempt as number,
        counts: {
          matched: last.matched as number,
          overage: last.overage as number,
          shortage: last.shortage as number,
          mismatch: last.mismatch as number,
          pendingResolved: last.pendingResolved as number,
          carried: last.carried as number,
        },
        casesOpened: 0,
        before: true,
      };
    } else {
      const run = await runs.run({ channelCode: channel, businessDate }, actor);
      day.run = {
        runId: run.runId,
        attempt: run.attempt,
        counts: run.counts,
        casesOpened: run.casesOpened,
        before: false,
      };
    }
  }

  /** Fetch, import and reconcile one channel's day; a failure is the day's `error`. */
  async function channelDay(channel: string, businessDate: string, actor: Actor) {
    const day: ChannelDay = { channel, businessDate, import: null, run: null, error: null };
    try {
      day.import = await imports.fetchAndImport(channel, businessDate, actor);
      await reconcile(day, actor);
    } catch (error) {
      day.error = failureOf(error);
    }
    return day;
  }

  /** Reconcile a day whose statement is in but was never run (nothing is fetched). */
  async function importedDay(channel: string, businessDate: string, actor: Actor) {
    const day: ChannelDay = { channel, businessDate, import: null, run: null, error: null };
    try {
      const statement = await repo.importOf(channel, businessDate);
      if (!statement) return channelDay(channel, businessDate, actor);
      day.import = {
        importId: importIdText(statement.id),
        lines: statement.lineCount,
        amount: fenToYuan(statement.successAmount),
        duplicate: true,
      };
      await reconcile(day, actor);
    } catch (error) {
      day.error = failureOf(error);
    }
    return day;
  }

  return {
    /**
     * Fetches, imports and reconciles a business date, for one channel or every one (up or
     * not: a channel taken out of routing still owes its file), one after another.
     */
    async fetchAndReconcile(
      input: { channel: string; businessDate: string },
      actor: Actor,
    ): Promise<ChannelDay[]> {
      const codes = await channels.codes();
      if (input.channel !== 'all' && !codes.includes(input.channel))
        throw new AppError('NOT_FOUND', `channel ${input.channel} not found`, {
          field: 'channel',
        });
      const days: ChannelDay[] = [];
      for (const code of input.channel === 'all' ? codes : [input.channel])
        days.push(await channelDay(code, input.businessDate, actor));
      return days;
    },

    /**
     * The look-back: each channel's days from `latest` back over `days` days (latest included)
     * without a statement fetched, imported and reconciled, and those imported but never run
     * reconciled, channel by channel, oldest first. Only the days done are answered.
     */
    async catchUp(
      input: { latest: string; days: number },
      actor: Actor,
      /** After each channel's day: how many of how many are done (a job's progress). */
      onDay?: (done: number, total: number, day: ChannelDay) => void,
    ): Promise<ChannelDay[]> {
      if (!isValidDate(input.latest))
        throw new AppError('VALIDATION_FAILED', 'date: a date as YYYY-MM-DD', { field: 'date' });
      if (!Number.isInteger(input.days) || input.days < 1)
        throw new AppError('VALIDATION_FAILED', 'days: a whole number of days, at least 1', {
          field: 'days',
        });
      const from = addDays(input.latest, -(input.days - 1));
      const codes = await channels.codes();
      const known = new Map(
        (await repo.importedDays(from, input.latest)).map((d) => [
          `${d.channelCode} ${d.businessDate}`,
          d.run,
        ]),
      );
      const todo: { code: string; date: string; imported: boolean }[] = [];
      for (const code of codes)
        for (let date = from; date <= input.latest; date = addDays(date, 1)) {
          const run = known.get(`${code} ${date}`);
          if (run !== true) todo.push({ code, date, imported: run === false });
        }
      const done: ChannelDay[] = [];
      for (const { code, date, imported } of todo) {
        const day = await (imported
          ? importedDay(code, date, actor)
          : channelDay(code, date, actor));
        done.push(day);
        onDay?.(done.length, todo.length, day);
      }
      return done;
    },
  };
}

export type ReconDaily = ReturnType<typeof createReconDaily>;
