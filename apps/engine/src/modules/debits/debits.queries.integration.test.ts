// Compensation asks the channels about its orders in parallel, within each channel's limits
// (the same gate as the debits): at 0.3 s a query, twenty orders take about a second and a half
// at five at once, where one at a time took six.
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { luhnCardNo } from '@repay/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/harness';

let sandbox: Sandbox;
let h: Harness;

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  h = await startHarness({
    sandboxUrl: await sandbox.app.listen({ port: 0, host: '127.0.0.1' }),
  });
  // Cards answered "processing": every order is pending after the window.
  for (let i = 0; i < 10; i++) {
    const mobile = `133${String(50_000_000 + i).slice(-8)}`;
    const { bound } = await h.loanOnCard(
      { orderNo: `QUERY-${i}`, borrower: { name: '周九', idNo: '110101199003071233', mobile } },
      {
        cardNo: luhnCardNo(`62220206${String(i).padStart(6, '0')}`, '0099'),
        bankCode: 'ICBC',
        mobile,
      },
    );
    expect(bound.status).toBe(200);
  }
  for (const c of sandbox.channels.values())
    c.profile = { ...c.profile, notify: { ...c.profile.notify, enabled: false } };
}, 120_000);
afterAll(async () => {
  await h?.close();
  await sandbox?.app.close();
});

describe('compensation queries', () => {
  it('are asked in parallel, never more at once than the channel allows', async () => {
    const { runId } = await h.app.services.debitRuns.startRun(
      { date: '2026-03-15', window: '10:00' },
      'queries test',
    );
    await h.app.services.debitRuns.work(runId);
    const pending = await h.app.database.sql.query<{ channel: string; n: number }>(
      `select channel_code as channel, count(*)::int as n from debit_orders
        where status = 'pending' group by 1`,
    );
    expect(pending).toHaveLength(1);
    expect(pending[0]!.n).toBe(20);
    const channel = sandbox.channels.get(pending[0]!.channel)!;
    await h.app.database.sql.query(`update channels set max_concurrency = 5`);
    // The registry is read at most once a second.
    await new Promise((r) => setTimeout(r, 1_100));
    channel.profile = { ...channel.profile, latencyMs: { min: 300, max: 301 } };
    channel.peakInFlight = 0;
    h.clock.advance(16_000);
    const started = Date.now();
    expect(await h.app.services.debitCompensation.sweep()).toBe(20);
    const took = Date.now() - started;
    expect(channel.peakInFlight).toBe(5);
    expect(took).toBeLessThan(3_500);
    const asked = await h.app.database.sql.query<{ n: number }>(
      `select count(*)::int as n from debit_orders where query_attempts = 1`,
    );
    expect(asked[0]!.n).toBe(20);
  }, 60_000);
});
