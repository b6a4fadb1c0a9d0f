// The statements' look-back against a scripted channel: each channel's days of the window
// without a statement are fetched, imported and reconciled, oldest first; a day imported but
// never reconciled is reconciled without fetching it; a day with a run is left alone; a day the
// channel cannot serve yet is reported, stores nothing, does not stop the other days and
// channels, and is asked for again next time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../events';
import { startHarness, type Harness } from '../../testing/harness';
import { createReconDaily, type ReconDaily } from './recon-daily.service';
import { createReconRepo } from './recon.repo';

let h: Harness;
let daily: ReconDaily;
const actor = systemActor('test');
const LATEST = '2026-03-15';

/** An empty day's statement in the sandbox layout. */
const emptyFile = (channel: string, date: string) =>
  Buffer.from(
    [
      `# channel=${channel},date=${date},rows=0`,
      'merchant_order_id,channel_serial,type,amount_fen,fee_fen,status,finished_at',
      '# summary,count=0,success_count=0,success_amount_fen=0,fee_fen=0',
      '',
    ].join('\n'),
  );

/** What the channel has published (channel and date); anything else it cannot serve yet. */
const published = new Set<string>();
const fetched: string[] = [];

beforeAll(async () => {
  h = await startHarness({ clock: '2026-03-16T10:00:00+08:00' });
  const { statementImports, reconRuns } = h.app.services;
  daily = createReconDaily({
    repo: createReconRepo(h.app.database),
    channels: { codes: () => Promise.resolve(['sandbox-a', 'sandbox-b']) },
    runs: reconRuns,
    imports: {
      async fetchAndImport(channelCode, businessDate, by) {
        fetched.push(`${channelCode} ${businessDate}`);
        if (!published.has(`${channelCode} ${businessDate}`))
          throw new Error(`statement ${channelCode} ${businessDate}: HTTP 404`);
        return statementImports.importStatement(
          {
            channelCode,
            businessDate,
            fileName: `${channelCode}-${businessDate}.csv`,
            bytes: emptyFile(channelCode, businessDate),
            source: 'fetch',
          },
          by,
        );
      },
    },
  });
  for (const channel of ['sandbox-a', 'sandbox-b'])
    for (const date of ['2026-03-12', '2026-03-13', '2026-03-14', LATEST])
      published.add(`${channel} ${date}`);
  // sandbox-b has not published the 15th yet.
  published.delete(`sandbox-b ${LATEST}`);
  // sandbox-a's 13th is in and reconciled; its 14th is in but was never reconciled.
  for (const date of ['2026-03-13', '2026-03-14'])
    await statementImports.importStatement(
      {
        channelCode: 'sandbox-a',
        businessDate: date,
        fileName: `a-${date}.csv`,
        bytes: emptyFile('sandbox-a', date),
        source: 'upload',
      },
      actor,
    );
  await reconRuns.run({ channelCode: 'sandbox-a', businessDate: '2026-03-13' }, actor);
}, 60_000);
afterAll(async () => {
  await h?.close();
});

const summary = (days: Awaited<ReturnType<ReconDaily['catchUp']>>) =>
  days.map((d) => ({
    day: `${d.channel} ${d.businessDate}`,
    imported: d.import && (d.import.duplicate ? 'before' : 'now'),
    run: d.run && d.run.attempt,
    error: d.error?.code ?? null,
  }));

describe('the look-back over 4 days to the 15th', () => {
  it('fetches the missed days, reconciles the one imported without a run, leaves the reconciled one', async () => {
    const days = await daily.catchUp({ latest: LATEST, days: 4 }, actor);
    expect(summary(days)).toEqual([
      { day: 'sandbox-a 2026-03-12', imported: 'now', run: 1, error: null },
      { day: 'sandbox-a 2026-03-14', imported: 'before', run: 1, error: null },
      { day: 'sandbox-a 2026-03-15', imported: 'now', run: 1, error: null },
      { day: 'sandbox-b 2026-03-12', imported: 'now', run: 1, error: null },
      { day: 'sandbox-b 2026-03-13', imported: 'now', run: 1, error: null },
      { day: 'sandbox-b 2026-03-14', imported: 'now', run: 1, error: null },
      // Not published yet: reported, and the other days went on.
      { day: 'sandbox-b 2026-03-15', imported: null, run: null, error: 'UNAVAILABLE' },
    ]);
    expect(days.at(-1)!.error!.message).toContain('HTTP 404');
    // Neither of sandbox-a's days that were in was fetched again.
    expect(fetched).toEqual([
      'sandbox-a 2026-03-12',
      'sandbox-a 2026-03-15',
      'sandbox-b 2026-03-12',
      'sandbox-b 2026-03-13',
      'sandbox-b 2026-03-14',
      'sandbox-b 2026-03-15',
    ]);
    expect(await h.count('statement_imports')).toBe(7);
    expect(await h.count(`recon_runs where channel_code = 'sandbox-a'`)).toBe(4);
  });

  it('asks again for the day it could not have, and for nothing else', async () => {
    fetched.length = 0;
    published.add(`sandbox-b ${LATEST}`);
    const days = await daily.catchUp({ latest: LATEST, days: 4 }, actor);
    expect(summary(days)).toEqual([
      { day: 'sandbox-b 2026-03-15', imported: 'now', run: 1, error: null },
    ]);
    expect(fetched).toEqual([`sandbox-b ${LATEST}`]);
    expect(await daily.catchUp({ latest: LATEST, days: 4 }, actor)).toEqual([]);
    expect(fetched).toHaveLength(1);
    expect(await h.count('statement_imports')).toBe(8);
    expect(await h.count('recon_runs')).toBe(8);
  });

  it('goes no further back than asked, and refuses a window that is not a number of days', async () => {
    fetched.length = 0;
    const days = await daily.catchUp({ latest: LATEST, days: 5 }, actor);
    expect(summary(days).map((d) => d.day)).toEqual([
      'sandbox-a 2026-03-11',
      'sandbox-b 2026-03-11',
    ]);
    expect(days.every((d) => d.error?.code === 'UNAVAILABLE')).toBe(true);
    for (const bad of [0, 1.5])
      await expect(daily.catchUp({ latest: LATEST, days: bad }, actor)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        field: 'days',
      });
    await expect(daily.catchUp({ latest: '2026-02-30', days: 1 }, actor)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'date',
    });
  });
});
