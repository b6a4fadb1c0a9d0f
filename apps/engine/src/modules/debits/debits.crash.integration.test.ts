// A worker killed with SIGKILL in the middle of a shard, then the work picked up again by a
// worker started after it (within a minute: the dead worker's lease lapses): the orders it had
// committed as submitted are queried, never taken twice, and sent again with the same id where
// the channel never received them; the ones it never got to are sent once; everything settles.
// Two processes need a shared database: this runs on PostgreSQL (CI sets DATABASE_URL); PGlite
// is one process only.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { luhnCardNo } from '@repay/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, TEST_CLOCK, type Harness } from '../../testing/harness';

const onPostgres = process.env.DATABASE_URL !== undefined;
const engineRoot = fileURLToPath(new URL('../../../', import.meta.url));
let sandbox: Sandbox;
let h: Harness;

describe.skipIf(!onPostgres)('a worker killed mid-shard (PostgreSQL)', () => {
  beforeAll(async () => {
    sandbox = await buildSandbox({ instances: defaultInstances() });
    h = await startHarness({
      sandboxUrl: await sandbox.app.listen({ port: 0, host: '127.0.0.1' }),
    });
    for (let i = 0; i < 40; i++) {
      const orderNo = `KILL-${String(i).padStart(2, '0')}`;
      const mobile = `137${String(10_000_000 + i).slice(-8)}`;
      await h.createLoan({
        orderNo,
        borrower: { name: '王五', idNo: '110101199003071233', mobile },
      });
      await h.bindCard({
        orderNo,
        cardNo: luhnCardNo(`622202020${String(100 + i).padStart(5, '0')}`, '0000'),
        bankCode: 'ICBC',
        mobile,
      });
    }
    // Slow answers, so that the kill lands while debits are at the channel.
    for (const c of sandbox.channels.values())
      c.profile = {
        ...c.profile,
        latencyMs: { min: 1000, max: 1500 },
        notify: { ...c.profile.notify, delayMs: 600_000 },
      };
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await sandbox?.app.close();
  });

  it('resumes without a double debit and settles everything', async () => {
    const child = spawn(
      'node',
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'run',
        'debit-window',
        '--date',
        '2026-03-15',
        '--window',
        '10:00',
      ],
      {
        cwd: engineRoot,
        env: {
          ...process.env,
          DATABASE_URL: h.database.url,
          REPAY_CLOCK: TEST_CLOCK,
          NODE_ENV: 'test',
          // Chunks of 10: some settle while others are still at the channel or not sent yet.
          REPAY_DEBIT_CHUNK_SIZE: '10',
        },
        stdio: 'ignore',
      },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    // Kill it as soon as some orders are at the channel and some are not done yet. The first
    // two chunks go out together and may answer together, so the kill waits for a chunk sent
    // after the first answers were applied (a third one): its calls have just left, and take
    // a second at least, so the kill lands while they are at the channel.
    await expect
      .poll(
        async () => {
          const [row] = await h.app.database.sql.query<{
            submitted: number;
            done: number;
            total: number;
          }>(
            `select count(*) filter (where status = 'submitted')::int as submitted,
                    count(*) filter (where status = 'succeeded')::int as done,
                    count(*)::int as total from debit_orders`,
          );
          return row!.submitted >= 10 && row!.done > 0 && row!.total >= 30;
        },
        { timeout: 60_000, interval: 50 },
      )
      .toBe(true);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // The channel still processes what the dead worker had sent (the sandbox waits its latency
    // before taking an order): our queries come after, as they would in life. Without this
    // wait a query could ask before the order existed there, and the order land after it.
    await expect
      .poll(() => [...sandbox.channels.values()].every((c) => c.inFlight === 0), {
        timeout: 10_000,
        interval: 20,
      })
      .toBe(true);

    const [shard] = await h.app.database.sql.query<{ status: string; run_id: bigint }>(
      `select status, run_id from debit_run_shards`,
    );
    const statuses = await h.app.database.sql.query<{ status: string; n: number }>(
      `select status, count(*)::int as n from debit_orders group by 1 order by 1`,
    );
    // The premise: the kill landed mid-shard (if not, these say where it landed).
    expect(shard!.status, JSON.stringify(statuses)).toBe('running'); // the dead worker's claim
    const stranded = await h.count(`debit_orders where status = 'submitted'`);
    expect(stranded, JSON.stringify(statuses)).toBeGreaterThan(0);

    // A worker is started again: it takes the shard over once the dead worker's lease lapses
    // (its heartbeat stopped with it) and finishes the run within a minute.
    for (const c of sandbox.channels.values())
      c.profile = { ...c.profile, latencyMs: { min: 0, max: 0 } };
    const restarted = Date.now();
    await h.app.services.debitRuns.work(BigInt(shard!.run_id));
    expect(Date.now() - restarted).toBeLessThan(60_000);
    const [run] = await h.app.database.sql.query<{ status: string }>(
      `select status from debit_runs where id = $1`,
      [shard!.run_id],
    );
    expect(run!.status).toBe('completed');
    expect(await h.count(`debit_orders where status = 'created'`)).toBe(0);
    // The stranded ones are asked about: those the channel has are settled by its answer, and
    // those it never received are sent again with the same order id.
    h.clock.advance(61_000);
    await h.app.services.debitCompensation.sweep();

    const theirs = [...sandbox.channels.values()].flatMap((c) => [...c.orders.values()]);
    expect(new Set(theirs.map((o) => o.orderId)).size).toBe(theirs.length);
    const ours = await h.app.database.sql.query<{ key: string; status: string }>(
      `select idempotency_key as key, status from debit_orders`,
    );
    expect(ours).toHaveLength(80);
    const byKey = new Map(ours.map((o) => [o.key, o.status]));
    // Everything the channel did is ours, once; and it got every order (none is left waiting
    // for a person): each was taken exactly once.
    for (const t of theirs) expect(byKey.get(t.orderId), t.orderId).toBe('succeeded');
    expect(theirs).toHaveLength(80);
    expect(ours.filter((o) => o.status !== 'succeeded')).toEqual([]);
    const [ledger] = await h.app.database.sql.query<{ total: bigint; journals: number }>(
      `select (select coalesce(sum(amount), 0)::bigint from ledger_entries) as total,
              (select count(*)::int from ledger_journals where kind = 'debit_collected') as journals`,
    );
    expect(ledger!.total).toBe(0n);
    expect(ledger!.journals).toBe(theirs.length);
  }, 180_000);
});
