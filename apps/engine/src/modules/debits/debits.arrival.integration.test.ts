// A chunk's answers are applied as they arrive, not when its slowest call returns: a worker
// killed while one call of a chunk is still out (up to the channel's time limit) has already
// recorded the answers that came back, so compensation has only that one left to ask about.
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
  // Four cards that succeed at once and one whose answer is held back (it succeeds anyway).
  for (const [i, ending] of ['0000', '0000', '0000', '0000', '0097'].entries()) {
    const mobile = `135${String(30_000_000 + i).slice(-8)}`;
    const { bound } = await h.loanOnCard(
      { orderNo: `ARRIVE-${i}`, borrower: { name: '钱七', idNo: '110101199003071233', mobile } },
      {
        cardNo: luhnCardNo(`62220204${String(i).padStart(6, '0')}`, ending),
        bankCode: 'ICBC',
        mobile,
      },
    );
    expect(bound.status).toBe(200);
  }
  await h.app.database.sql.query(`update channels set timeout_ms = 4000`);
  for (const c of sandbox.channels.values())
    c.profile = {
      ...c.profile,
      latencyMs: { min: 50, max: 60 },
      timeoutHoldMs: 3500,
      // Only the answers to the calls count here.
      notify: { ...c.profile.notify, enabled: false },
    };
}, 120_000);
afterAll(async () => {
  await h?.close();
  await sandbox?.app.close();
});

const countOf = async (status: string) =>
  (
    await h.app.database.sql.query<{ n: number }>(
      `select count(*)::int as n from debit_orders where status = $1`,
      [status],
    )
  )[0]!.n;

describe('answers applied as they arrive', () => {
  it('records the fast answers of a chunk while its slow call is still out', async () => {
    const { runId } = await h.app.services.debitRuns.startRun(
      { date: '2026-03-15', window: '10:00' },
      'arrival test',
    );
    let finished = false;
    const work = h.app.services.debitRuns.work(runId).then(() => (finished = true));
    // The loans' two installments each: eight fast orders, two held back 3.5 s at the channel.
    await expect.poll(() => countOf('succeeded'), { timeout: 2_500, interval: 25 }).toBe(8);
    expect(finished).toBe(false);
    expect(await countOf('submitted')).toBe(2);
    await work;
    expect(await countOf('succeeded')).toBe(10);
  }, 30_000);
});
