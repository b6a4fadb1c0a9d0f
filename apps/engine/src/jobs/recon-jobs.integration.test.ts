// The morning statements job end to end: a window's debits at sandbox-a (successes, a failure,
// one left pending), the channel finishing the pending one later that day, then the next
// morning the job's work fetches every channel's file of the day, imports it and reconciles
// it: the counts are what the channel did, the pending order is settled by the statement, a
// channel that cannot be reached is logged (without personal data) and does not stop the
// others, the asset check of the day runs, and a second run of the morning changes nothing
// but asking the unreachable channel again. Days later, with the engine stopped meanwhile, the
// look-back fetches every channel's missed days and leaves the days it has alone.
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { luhnCardNo } from '@repay/rules';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemActor } from '../modules/events';
import { freePort } from '../testing/free-port';
import { startHarness, type Harness } from '../testing/harness';
import { dailyRecon, publishedDay } from './recon-jobs';

let sandbox: Sandbox;
let h: Harness;
const DAY = '2026-03-15';
const HOUR = 3600_000;
/** The channel's clock, moved with ours (its statement is dated by it). */
let channelNow = Date.parse(`${DAY}T10:00:00+08:00`);
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);

/** Sandbox test cards: the last four digits choose the answer (0000 success, 0051 fails, 0099 pending). */
const cards = {
  ok1: luhnCardNo('62220202001131', '0000'),
  ok2: luhnCardNo('62220202001132', '0000'),
  ok3: luhnCardNo('62220202001133', '0000'),
  fail: luhnCardNo('62220202001131', '0051'),
  pending: luhnCardNo('62220202001131', '0099'),
};
const borrower = {
  name: '赵六',
  idNo: '110101199003071233',
  mobile: (n: number) => `1390013${8200 + n}`,
};
const logs: string[] = [];
const log = (line: string) => logs.push(line);

beforeAll(async () => {
  sandbox = await buildSandbox({
    instances: defaultInstances(),
    now: () => channelNow,
    // The engine signs its requests at the wall clock.
    signatureNow: Date.now,
  });
  h = await startHarness({
    clock: `${DAY}T10:00:00+08:00`,
    sandboxUrl: await sandbox.app.listen({ port: 0, host: '127.0.0.1' }),
  });
  // Answers come only with the debits' responses: nothing settles the pending order but the
  // statement.
  for (const c of sandbox.channels.values())
    c.profile = { ...c.profile, notify: { ...c.profile.notify, enabled: false } };
  const actor = systemActor('test');
  for (const code of ['sandbox-b', 'sandbox-c'])
    await h.app.services.channelRegistry.setStatus(code, 'down', 'recon job test', actor);
  let n = 0;
  for (const [name, cardNo] of Object.entries(cards)) {
    const mobile = borrower.mobile(n++);
    await h.createLoan({
      orderNo: `RJ-${name}`,
      startDate: '2026-02-15',
      firstDueDate: DAY,
      borrower: { name: borrower.name, idNo: borrower.idNo, mobile },
    });
    await h.bindCard({ orderNo: `RJ-${name}`, cardNo, bankCode: 'ICBC', mobile });
  }
  await h.app.services.overdueAccrual.accrueDate(DAY, 'test');
  const run = await h.app.services.debitRuns.startRun({ date: DAY, window: '10:00' }, 'test');
  await h.app.services.debitRuns.work(run.runId);
  // sandbox-c cannot be reached: nothing listens where it now points.
  await q(`update channels set endpoint = $1 where code = 'sandbox-c'`, [
    `http://127.0.0.1:${await freePort()}`,
  ]);
}, 120_000);
afterAll(async () => {
  await h?.close();
  await sandbox?.app.close();
});

const statuses = async () =>
  Object.fromEntries(
    (
      await q<{ orderNo: string; status: string }>(
        `select l.order_no as "orderNo", d.status from debit_orders d join loans l on l.id = d.loan_id`,
      )
    ).map((r) => [r.orderNo.slice(3), r.status]),
  );

describe('the latest published day', () => {
  it('is yesterday from 09:30 (business time), the day before until then', () => {
    expect(publishedDay(new Date('2026-03-16T09:29:59+08:00'))).toBe('2026-03-14');
    expect(publishedDay(new Date('2026-03-16T09:30:00+08:00'))).toBe('2026-03-15');
    expect(publishedDay(new Date('2026-03-16T23:59:00+08:00'))).toBe('2026-03-15');
    // 01:30 UTC is 09:30 in Shanghai.
    expect(publishedDay(new Date('2026-03-16T01:30:00Z'))).toBe('2026-03-15');
  });
});

describe(`the morning after ${DAY}`, () => {
  it('starts from a window with successes, a failure and an order the channel left pending', async () => {
    expect(await statuses()).toEqual({
      ok1: 'succeeded',
      ok2: 'succeeded',
      ok3: 'succeeded',
      fail: 'failed',
      pending: 'pending',
    });
    // The channel finishes the pending order an hour later, the same day.
    channelNow += HOUR;
    sandbox.channels.get('sandbox-a')!.settleDue();
    expect(
      [...sandbox.channels.get('sandbox-a')!.orders.values()].map((o) => o.status).sort(),
    ).toEqual(['failed', 'success', 'success', 'success', 'success']);
  });

  it('fetches, imports and reconciles every channel’s file; the unreachable one is logged and the others go on', async () => {
    h.clock.advance(24 * HOUR); // 2026-03-16 10:00: the day before's files are out
    channelNow += 23 * HOUR;
    const { statements: days, assets } = await dailyRecon(h.app, log, { days: 1 });
    expect(days.map((d) => [d.channel, d.businessDate])).toEqual([
      ['sandbox-a', DAY],
      ['sandbox-b', DAY],
      ['sandbox-c', DAY],
    ]);
    const [a, b, c] = days;
    expect(a).toMatchObject({
      import: { lines: 5, duplicate: false },
      run: {
        attempt: 1,
        before: false,
        casesOpened: 0,
        // The successes and the failure agree; the pending order is settled by the file.
        counts: {
          matched: 4,
          overage: 0,
          shortage: 0,
          mismatch: 0,
          pendingResolved: 1,
          carried: 0,
        },
      },
      error: null,
    });
    // Down for routing, but its (empty) file is fetched and its day reconciled all the same.
    expect(b).toMatchObject({
      import: { lines: 0 },
      run: { counts: { matched: 0, overage: 0, shortage: 0, mismatch: 0 } },
      error: null,
    });
    expect(c).toMatchObject({ import: null, run: null, error: { code: 'UNAVAILABLE' } });
    expect((await statuses()).pending).toBe('succeeded');
    const [settled] = await q<{ rawCode: string }>(
      `select d.raw_code as "rawCode" from debit_orders d join loans l on l.id = d.loan_id where l.order_no = 'RJ-pending'`,
    );
    expect(settled!.rawCode).toBe('STATEMENT_SUCCESS');

    // The asset check of the day ran after the statements: the books agree with the ledger.
    expect(assets).toMatchObject({ businessDate: DAY, before: false, breaks: 0, error: null });
    expect(await h.count('asset_recon_runs')).toBe(1);

    expect(logs).toHaveLength(4);
    expect(logs[0]).toMatch(
      /^\[jobs\] recon sandbox-a 2026-03-15: imp_\d+ \(5 lines\), rcr_\d+: 4 matched, .*1 pending resolved/,
    );
    expect(logs[2]).toMatch(/^\[jobs\] recon sandbox-c 2026-03-15: UNAVAILABLE: /);
    expect(logs[3]).toMatch(/^\[jobs\] asset recon 2026-03-15: arr_\d+: 0 breaks$/);
    const personal = [
      borrower.name,
      borrower.idNo,
      ...Object.values(cards),
      ...Object.keys(cards).map((_, i) => borrower.mobile(i)),
    ];
    for (const line of logs) for (const value of personal) expect(line).not.toContain(value);
  });

  it('a second run of the morning changes nothing: the days in are left alone, the unreachable one is asked again', async () => {
    const runs = await h.count('recon_runs');
    logs.length = 0;
    const { statements: days, assets } = await dailyRecon(h.app, log, { days: 1 });
    expect(days.map((d) => [d.channel, d.error?.code])).toEqual([['sandbox-c', 'UNAVAILABLE']]);
    expect(assets).toMatchObject({ before: true, breaks: 0 });
    expect(await h.count('recon_runs')).toBe(runs);
    expect(await h.count('statement_imports')).toBe(2);
    expect(await h.count('asset_recon_runs')).toBe(1);
    expect(logs).toHaveLength(2);
    expect(logs[1]).toMatch(/^\[jobs\] asset recon 2026-03-15: arr_\d+ \(run before\)/);
  });

  it('a channel reachable again is done on the next run; a channel we do not have is refused', async () => {
    await q(
      `update channels set endpoint = (select endpoint from channels where code = 'sandbox-a') where code = 'sandbox-c'`,
    );
    const [c] = await h.app.services.reconDaily.fetchAndReconcile(
      { channel: 'sandbox-c', businessDate: DAY },
      systemActor('test'),
    );
    expect(c).toMatchObject({ channel: 'sandbox-c', import: { lines: 0 }, error: null });
    await expect(
      h.app.services.reconDaily.fetchAndReconcile(
        { channel: 'sandbox-x', businessDate: DAY },
        systemActor('test'),
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'channel' });
  });
});

describe('the look-back, days later', () => {
  it('fetches, imports and reconciles every channel’s missed days, oldest first; the days in are not fetched again', async () => {
    // The engine was stopped from the 16th: on the 19th at 10:00 the latest file is the 18th's.
    h.clock.advance(3 * 24 * HOUR);
    channelNow += 3 * 24 * HOUR;
    const fetched = vi.spyOn(h.app.services.channelRegistry, 'fetchStatement');
    logs.length = 0;
    const imports = await h.count('statement_imports');
    const { statements: days, assets } = await dailyRecon(h.app, log, { days: 5 });
    // 03-14 .. 03-18: sandbox-a and sandbox-c have the 15th; sandbox-b has it too.
    const expected = ['2026-03-14', '2026-03-16', '2026-03-17', '2026-03-18'];
    expect(days.map((d) => `${d.channel} ${d.businessDate}`)).toEqual(
      ['sandbox-a', 'sandbox-b', 'sandbox-c'].flatMap((c) => expected.map((d) => `${c} ${d}`)),
    );
    for (const day of days)
      expect(day).toMatchObject({
        import: { lines: 0, duplicate: false },
        run: { before: false, casesOpened: 0 },
        error: null,
      });
    expect(await h.count('statement_imports')).toBe(imports + 12);
    // The 15th was asked of no channel again.
    expect(fetched.mock.calls.map(([code, date]) => `${code} ${date}`)).toEqual(
      days.map((d) => `${d.channel} ${d.businessDate}`),
    );
    fetched.mockRestore();
    // The asset check of the 18th covers the days since the 15th's.
    expect(assets).toMatchObject({ businessDate: '2026-03-18', before: false, error: null });
    expect(logs).toHaveLength(13);
  });

  it('a second look-back finds every day in: it fetches nothing and says so', async () => {
    logs.length = 0;
    const runs = await h.count('recon_runs');
    const { statements: days } = await dailyRecon(h.app, log, { days: 5 });
    expect(days).toEqual([]);
    expect(await h.count('recon_runs')).toBe(runs);
    expect(logs[0]).toBe(
      "[jobs] recon: every channel's statement of 2026-03-14..2026-03-18 is in and reconciled",
    );
  });
});
