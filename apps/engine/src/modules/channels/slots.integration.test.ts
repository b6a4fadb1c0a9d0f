// A channel's concurrency holds across every engine process: two engines working one window
// against one channel never have more calls out at once than the channel's configured
// concurrency between them (each used to take all of it), and use it between them.
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { openDatabase } from '@repay/db';
import { luhnCardNo } from '@repay/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, openApp, type App } from '../../testing/harness';

const LIMIT = 6;
let sandbox: Sandbox;
let h: Harness;
/** The second engine: another app on the same PostgreSQL database, or on the same PGlite. */
let other: App;
let closeOther = async () => {};

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  h = await startHarness({
    sandboxUrl: await sandbox.app.listen({ port: 0, host: '127.0.0.1' }),
    // Shards of a few installments: both engines get shards of the run.
    env: { REPAY_DEBIT_SELECTION_PAGE: '6', REPAY_DEBIT_CHUNK_SIZE: '4' },
  });
  for (let i = 0; i < 30; i++) {
    const mobile = `132${String(60_000_000 + i).slice(-8)}`;
    const { bound } = await h.loanOnCard(
      { orderNo: `SLOT-${i}`, borrower: { name: '吴十', idNo: '110101199003071233', mobile } },
      {
        cardNo: luhnCardNo(`62220207${String(i).padStart(6, '0')}`, '0000'),
        bankCode: 'ICBC',
        mobile,
      },
    );
    expect(bound.status).toBe(200);
  }
  await h.app.database.sql.query(
    `update channels set max_concurrency = $1, rate_per_second = 1000`,
    [LIMIT],
  );
  for (const c of sandbox.channels.values())
    c.profile = {
      ...c.profile,
      // The channel itself would take far more: only the engines' limit is measured.
      maxConcurrency: 1000,
      latencyMs: { min: 40, max: 60 },
      notify: { ...c.profile.notify, enabled: false },
    };
  if (h.database.url) {
    const second = await openDatabase({ url: h.database.url, max: 4 });
    other = await openApp({ env: h.app.env, database: second, clock: h.clock });
    closeOther = async () => {
      await other.close();
    };
  } else {
    other = await openApp({ env: h.app.env, database: h.app.database, clock: h.clock });
    closeOther = async () => {};
  }
}, 120_000);
afterAll(async () => {
  await closeOther();
  await h?.close();
  await sandbox?.app.close();
});

describe('a channel’s concurrency across engine processes', () => {
  it('two engines working one window never have more calls out than the channel allows', async () => {
    for (const c of sandbox.channels.values()) c.peakInFlight = 0;
    const { runId } = await h.app.services.debitRuns.startRun(
      { date: '2026-03-15', window: '10:00' },
      'slots test',
    );
    await Promise.all([h.app.services.debitRuns.work(runId), other.services.debitRuns.work(runId)]);
    const workers = await h.app.database.sql.query<{ worker: string }>(
      `select distinct worker from debit_run_shards where run_id = $1`,
      [runId],
    );
    // Both engines worked shards of it.
    expect(workers).toHaveLength(2);
    const succeeded = await h.count(`debit_orders where status = 'succeeded'`);
    expect(succeeded).toBe(60);
    const peaks = [...sandbox.channels.values()].map((c) => c.peakInFlight);
    console.log(`[slots] peaks ${peaks.join(', ')} for a limit of ${LIMIT}`);
    expect(Math.max(...peaks)).toBeLessThanOrEqual(LIMIT);
    // And they used it between them.
    expect(Math.max(...peaks)).toBeGreaterThanOrEqual(LIMIT - 2);
  }, 120_000);

  it('an idle engine gives its leases up', async () => {
    await expect
      .poll(async () => h.count(`channel_slot_leases`), { timeout: 5_000, interval: 100 })
      .toBe(0);
  });

  it('the slots of an engine that died come back when its lease expires, not before', async () => {
    h.clock.advance(4 * 3600_000); // the 14:00 window
    for (let i = 0; i < 2; i++) {
      const mobile = `132${String(61_000_000 + i).slice(-8)}`;
      await h.loanOnCard(
        {
          orderNo: `SLOT-DEAD-${i}`,
          borrower: { name: '吴十', idNo: '110101199003071233', mobile },
        },
        {
          cardNo: luhnCardNo(`62220208${String(i).padStart(6, '0')}`, '0000'),
          bankCode: 'ICBC',
          mobile,
        },
      );
    }
    // A dead engine's leases on every channel: all the slots, for 3 more seconds.
    await h.app.database.sql.query(
      `insert into channel_slot_leases (channel_code, holder, slots, wants, expires_at)
       select code, 'dead-engine', max_concurrency, max_concurrency, now() + interval '3 seconds'
         from channels`,
    );
    const { runId } = await h.app.services.debitRuns.startRun(
      { date: '2026-03-15', window: '14:00' },
      'slots test',
    );
    const started = Date.now();
    await h.app.services.debitRuns.work(runId);
    const took = Date.now() - started;
    expect(
      await h.count(`debit_orders d join loans l on l.id = d.loan_id
                           where l.order_no like 'SLOT-DEAD-%' and d.status = 'succeeded'`),
    ).toBe(4);
    expect(took).toBeGreaterThanOrEqual(2_500);
    expect(took).toBeLessThan(10_000);
  }, 60_000);
});
