// The sandbox's business clock: moved forward a day, the skipped span runs as the schedule would
// have run it (what was left of the day's windows, the remittance and payouts at the day's end,
// then the next day's transfers, accrual, statements and its window up to the same time), each
// job kept as a run of the move, in order; the new date is stored (a restart keeps it) and the
// crons' next runs follow it. One move at a time, never backwards, and none in production.
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { luhnCardNo } from '@repay/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../env';
import { movableClock } from '../lib/clock';
import { openApp, startHarness, TEST_CLOCK, type Caller, type Harness } from '../testing/harness';

let sandbox: Sandbox;
let h: Harness;
let admin: Caller;
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('not refused');
    },
    (error: { code?: string; message: string; cause?: { code?: string; field?: string } }) => ({
      code: error.cause?.code ?? error.code,
      field: error.cause?.field,
      message: error.message,
    }),
  );

/** The clock once its move has ended. */
async function moved() {
  let state = await admin.clock.get();
  for (let i = 0; state.latestMove?.status === 'running' && i < 600; i++) {
    await new Promise((r) => setTimeout(r, 100));
    state = await admin.clock.get();
  }
  return state;
}

/** The day's cycle from 10:00 on Sunday 2026-03-15 to 10:00 on Monday. */
const ONE_DAY = [
  '2026-03-15 10:30 debit-compensate',
  '2026-03-15 14:00 debit-tick',
  '2026-03-15 14:30 debit-compensate',
  '2026-03-15 18:00 debit-tick',
  '2026-03-15 18:30 debit-compensate',
  '2026-03-15 23:55 payouts-remit',
  '2026-03-15 23:56 payouts-send',
  '2026-03-16 00:05 asset-transfers',
  '2026-03-16 00:30 overdue-accrual',
  '2026-03-16 09:30 recon-statements',
  '2026-03-16 10:00 debit-tick',
];

const inOneDay = (job: string) => ONE_DAY.some((s) => s.endsWith(` ${job}`));
/** How many job runs the span of one day holds (every job of the registry). */
let skipped = 0;

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances(), signatureNow: Date.now });
  h = await startHarness({
    sandboxUrl: await sandbox.app.listen({ port: 0, host: '127.0.0.1' }),
  });
  // Two consumer loans due on Monday, their cards at the sandbox (…0000: the debit succeeds).
  for (const n of [1, 2]) {
    const mobile = `1390013830${n}`;
    await h.createLoan({
      orderNo: `CLK-${n}`,
      startDate: '2026-02-16',
      firstDueDate: '2026-03-16',
      borrower: { name: '钱七', idNo: '110101199003071233', mobile },
    });
    await h.bindCard({
      orderNo: `CLK-${n}`,
      cardNo: luhnCardNo(`6222020200114${n}`, '0000'),
      bankCode: 'ICBC',
      mobile,
    });
  }
  admin = await h.callerAs('admin');
}, 120_000);
afterAll(async () => {
  await h?.close();
  await sandbox?.app.close();
});

describe('the business clock', () => {
  it('shows the business date in the sandbox, not moved yet', async () => {
    expect(await admin.clock.get()).toMatchObject({
      mode: 'sandbox',
      movable: true,
      today: '2026-03-15',
      now: '2026-03-15T02:00:00.000Z',
      offsetDays: 0,
      latestMove: null,
    });
  });

  it('knows the steps of a skipped day: each job at its times, in the order of the day', async () => {
    const from = h.app.clock.now();
    const steps = await h.app.services.businessClock.stepsBetween(
      from,
      new Date(from.getTime() + 86_400_000),
    );
    // The jobs named here, in this order (a job added to the registry takes its place among them).
    expect(
      steps.map((s) => `${s.day} ${s.time} ${s.job}`).filter((s) => inOneDay(s.split(' ')[2]!)),
    ).toEqual(ONE_DAY);
    expect(steps.map((s) => s.at.getTime())).toEqual(
      steps.map((s) => s.at.getTime()).sort((a, b) => a - b),
    );
    skipped = steps.length;
  });

  it('moves a day forward, running the skipped day’s cycle in order', async () => {
    const started = await admin.clock.advance({ days: 1 });
    expect(started).toMatchObject({
      job: 'business-clock',
      trigger: 'manual',
      startedBy: 'admin',
      params: { from: '2026-03-15', to: '2026-03-16', days: 1 },
    });
    const state = await moved();
    expect(state).toMatchObject({
      today: '2026-03-16',
      now: '2026-03-16T02:00:00.000Z',
      offsetDays: 1,
      latestMove: {
        id: started.id,
        status: 'succeeded',
        counts: { days: 1, runs: skipped, failed: 0 },
        progress: { done: skipped, total: skipped },
        error: null,
      },
    });
    const all = (await admin.jobs.runs({ parentId: started.id, limit: 100 })).items.reverse();
    expect(all).toHaveLength(skipped);
    const runs = all.filter((r) => inOneDay(r.job));
    expect(runs.map((r) => r.job)).toEqual(ONE_DAY.map((s) => s.split(' ')[2]));
    expect(runs.map((r) => r.businessDate)).toEqual(ONE_DAY.map((s) => s.split(' ')[0]));
    expect(
      all.every(
        (r) => r.trigger === 'clock' && r.startedBy === 'admin' && r.status === 'succeeded',
      ),
    ).toBe(true);

    // What the day did: Monday accrued, its 10:00 window debited both loans, Sunday's statements in.
    expect((await h.app.services.overdueAccrual.runOf('2026-03-16'))?.status).toBe('completed');
    expect(runs.at(-1)).toMatchObject({
      job: 'debit-tick',
      counts: { started: 1, shardsWorked: expect.any(Number) },
    });
    expect(
      await q<{ status: string; date: string; window: string }>(
        `select status, business_date::text as date, "window" from debit_orders order by id`,
      ),
    ).toEqual([
      { status: 'succeeded', date: '2026-03-16', window: '10:00' },
      { status: 'succeeded', date: '2026-03-16', window: '10:00' },
    ]);
    const statements = runs.find((r) => r.job === 'recon-statements')!;
    expect(statements.counts).toMatchObject({ statements: expect.any(Number) });
    expect(statements.counts!.statements).toBeGreaterThan(0);
    // It told its progress as it went: each channel's day, the last one's name with it.
    expect(statements.progress).toMatchObject({
      done: statements.progress!.total,
      note: expect.stringMatching(/^sandbox-\w \d{4}-\d{2}-\d{2}$/),
    });
    expect(statements.progress!.total).toBeGreaterThan(0);
  });

  it('keeps the date: the crons follow it, and an engine opened on the database finds it', async () => {
    const accrual = (await admin.jobs.list()).find((j) => j.name === 'overdue-accrual')!;
    // 00:30 on Tuesday 2026-03-17 in Shanghai.
    expect(accrual.nextRunAt).toBe('2026-03-16T16:30:00.000Z');
    const restarted = await openApp({
      env: { ...h.app.env, REPAY_CHANNEL_CALLS: 'inline' },
      database: h.app.database,
      clock: movableClock(TEST_CLOCK),
    });
    try {
      expect(restarted.clock.today()).toBe('2026-03-16');
    } finally {
      await restarted.services.channelSlots.close();
    }
  });

  it('refuses to move backwards, too far, or for anyone but admin', async () => {
    expect(await refusal(admin.clock.advance({ to: '2026-03-16' }))).toMatchObject({
      code: 'UNPROCESSABLE',
      field: 'to',
      message: expect.stringMatching(/only moves forward/),
    });
    expect(await refusal(admin.clock.advance({ to: '2026-03-01' }))).toMatchObject({
      field: 'to',
    });
    for (const days of [0, -1, 32])
      expect(await refusal(admin.clock.advance({ days }))).toMatchObject({ field: 'days' });
    for (const role of ['finance', 'ops', 'auditor'])
      expect(await refusal((await h.callerAs(role)).clock.advance({ days: 1 }))).toMatchObject({
        code: 'FORBIDDEN',
      });
    expect((await admin.clock.get()).today).toBe('2026-03-16');
  });

  it('moves once at a time, and the schedule waits while it moves', async () => {
    const first = await admin.clock.advance({ to: '2026-03-18' });
    expect(await refusal(admin.clock.advance({ days: 1 }))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/moving already/),
    });
    const state = await moved();
    expect(state).toMatchObject({
      today: '2026-03-18',
      offsetDays: 3,
      latestMove: { id: first.id, status: 'succeeded', counts: { days: 2 } },
    });
    const days = (await admin.jobs.runs({ parentId: first.id, limit: 100 })).items
      .filter((r) => r.job === 'overdue-accrual')
      .map((r) => r.businessDate)
      .sort();
    expect(days).toEqual(['2026-03-17', '2026-03-18']);

    // While a move holds the clock, a scheduled run does nothing (the move runs the day itself).
    await q(
      `update business_clock set move_run_id = $1, move_lease_until = now() + interval '1 minute'`,
      [BigInt(first.id)],
    );
    const before = await h.count('job_runs');
    expect(await h.app.services.jobs.runScheduled('asset-transfers', null)).toBeNull();
    expect(await h.count('job_runs')).toBe(before);
    await q(`update business_clock set move_run_id = null, move_lease_until = null`);
    expect(await h.app.services.jobs.runScheduled('asset-transfers', null)).toEqual({
      completed: 0,
    });
  }, 60_000);

  it('does not exist in production: the date is the engine’s, and a move is refused', async () => {
    const production = await openApp({
      env: loadEnv({ ...process.env, REPAY_ENV: 'production', REPAY_CHANNEL_CALLS: 'inline' }),
      database: h.app.database,
      clock: movableClock(TEST_CLOCK),
    });
    try {
      expect(production.clock.today()).toBe('2026-03-15');
      expect(await production.services.businessClock.state()).toMatchObject({
        mode: 'production',
        movable: false,
        today: null,
        latestMove: null,
      });
      await expect(
        production.services.businessClock.advance({ days: 1 }, { id: '1', role: 'admin' }),
      ).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringMatching(/only in sandbox mode/),
      });
    } finally {
      await production.services.channelSlots.close();
    }
  });
});
