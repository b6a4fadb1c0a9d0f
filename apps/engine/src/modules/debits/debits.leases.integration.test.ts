// A shard's claim is a lease its worker renews while it works: a worker that dies leaves its
// shard to the others within the lease (seconds, not the ten minutes a claim used to hold),
// a worker that is alive and slow keeps its shard, and the minute tick gives a run nobody
// works any more a worker again.
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { luhnCardNo } from '@repay/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/harness';

let sandbox: Sandbox;
let h: Harness;
let loans = 0;

/** Loans on cards that succeed, due now: something for the next window to debit. */
async function loansDue(prefix: string, n: number) {
  for (let i = 0; i < n; i++) {
    const mobile = `136${String(20_000_000 + loans).slice(-8)}`;
    const { bound } = await h.loanOnCard(
      { orderNo: `${prefix}-${i}`, borrower: { name: '赵六', idNo: '110101199003071233', mobile } },
      {
        cardNo: luhnCardNo(`62220203${String(loans).padStart(6, '0')}`, '0000'),
        bankCode: 'ICBC',
        mobile,
      },
    );
    expect(bound.status).toBe(200);
    loans++;
  }
}

const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  h = await startHarness({
    // 10:05: the 10:00 consumer window is open.
    clock: '2026-03-15T10:05:00+08:00',
    sandboxUrl: await sandbox.app.listen({ port: 0, host: '127.0.0.1' }),
    env: { REPAY_DEBIT_CHUNK_SIZE: '2' },
  });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await sandbox?.app.close();
});

/** A run whose only shard a worker claimed and then died with, `secondsAgo` seconds ago. */
async function runLeftByADeadWorker(window: string, secondsAgo: number) {
  await loansDue(`LEASE${window.replace(':', '')}`, 3);
  const { runId } = await h.app.services.debitRuns.startRun(
    { date: '2026-03-15', window },
    'lease test',
  );
  const [shard] = await q<{ id: bigint }>(
    `update debit_run_shards set status = 'running', worker = 'dead-worker', attempts = 1,
            claimed_at = now() - make_interval(secs => $2)
      where run_id = $1 returning id`,
    [runId, secondsAgo],
  );
  expect(shard).toBeDefined();
  return runId;
}

/** The run's status, and what its failed shards say (in a failing assertion's message). */
const runStatus = async (runId: bigint) => {
  const [run] = await q<{ status: string }>(`select status from debit_runs where id = $1`, [runId]);
  const failed = await q<{ error: string }>(
    `select error from debit_run_shards where run_id = $1 and status = 'failed'`,
    [runId],
  );
  return failed.length > 0
    ? `${run!.status}: ${failed.map((f) => f.error).join('; ')}`
    : run!.status;
};

describe('shard leases', () => {
  it('a shard whose worker died 40 s ago is taken over at once, and the run completes', async () => {
    const runId = await runLeftByADeadWorker('10:00', 40);
    const started = Date.now();
    await h.app.services.debitRuns.work(runId);
    expect(await runStatus(runId)).toBe('completed');
    expect(Date.now() - started).toBeLessThan(10_000);
    const [shard] = await q<{ worker: string; attempts: number }>(
      `select worker, attempts from debit_run_shards where run_id = $1`,
      [runId],
    );
    expect(shard!.worker).not.toBe('dead-worker');
    expect(shard!.attempts).toBe(2);
    expect(await h.count(`debit_orders where batch_run_id = ${runId}`)).toBeGreaterThan(0);
  });

  it('a worker started while a dead worker’s lease still runs waits for it to lapse, then finishes the run', async () => {
    await h.database.sql.query(
      `update debit_runs set status = 'cancelled' where status = 'running'`,
    );
    h.clock.advance(4 * 3600_000); // 14:05, the 14:00 window
    // Last seen 25 s ago: its lease (30 s) lapses in about 5 s.
    const runId = await runLeftByADeadWorker('14:00', 25);
    const started = Date.now();
    await h.app.services.debitRuns.work(runId);
    const took = Date.now() - started;
    expect(await runStatus(runId)).toBe('completed');
    expect(took).toBeGreaterThan(3_000);
    expect(took).toBeLessThan(30_000);
  }, 60_000);

  it('the minute tick gives a run whose shard lost its worker a worker again, even before its lease lapses', async () => {
    h.clock.advance(4 * 3600_000); // 18:05, the 18:00 window
    // Its worker was last seen 5 s ago (killed, and the engine restarted at once): the tick at
    // the restart already gives the run a worker, which takes the shard when the lease lapses.
    const runId = await runLeftByADeadWorker('18:00', 5);
    const needing = await h.app.services.debitScheduler.tick();
    expect(needing).toEqual([{ runId, window: '18:00', created: false }]);
  });

  it('a worker alive and slow keeps its shard: its heartbeat renews the lease', async () => {
    await h.database.sql.query(
      `update debit_runs set status = 'cancelled' where status = 'running'`,
    );
    h.clock.advance(24 * 3600_000 - 8 * 3600_000); // 10:05 the next day
    for (const c of sandbox.channels.values())
      c.profile = { ...c.profile, latencyMs: { min: 1500, max: 1600 } };
    try {
      await loansDue('LEASE-SLOW', 3);
      const { runId } = await h.app.services.debitRuns.startRun(
        { date: '2026-03-16', window: '10:00' },
        'lease test',
      );
      // Leases of 1 s, so that without a heartbeat the second worker would take the shard
      // over while the first one's calls (1.5 s each, two chunks) are out.
      const first = h.app.services.debitRuns.work(runId, undefined, 1);
      await expect
        .poll(
          async () => (await q(`select 1 from debit_run_shards where status = 'running'`)).length,
          {
            timeout: 5_000,
            interval: 20,
          },
        )
        .toBe(1);
      await new Promise((r) => setTimeout(r, 1_500));
      await h.app.services.debitRuns.work(runId, undefined, 1);
      await first;
      const [shard] = await q<{ attempts: number; status: string }>(
        `select attempts, status from debit_run_shards where run_id = $1`,
        [runId],
      );
      expect(shard).toEqual({ attempts: 1, status: 'done' });
      expect(await runStatus(runId)).toBe('completed');
    } finally {
      for (const c of sandbox.channels.values())
        c.profile = { ...c.profile, latencyMs: { min: 0, max: 0 } };
    }
  }, 60_000);
});
