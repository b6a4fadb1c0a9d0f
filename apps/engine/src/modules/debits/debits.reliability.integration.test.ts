// Reliability over HTTP against the channel sandbox: randomized rounds of deduction windows
// with latency, pending, busy and timed-out answers, duplicated, late and out-of-order
// notifications, and two workers on every run (selecting its pages and working its shards
// between them). On PostgreSQL, some rounds (REPAY_RELIABILITY_KILL_SHARE, a quarter by
// default) start the window in two engine processes and kill both with SIGKILL mid-window;
// the two workers of this process are the restart. After each round the invariants hold:
//   - the run is complete, within a minute of the restart, and every installment it selected
//     is in exactly one shard;
//   - no installment collected more than it owed;
//   - every success at the channel is, or will be, one succeeded order; never two;
//   - every succeeded order is allocated and posted to the ledger exactly once;
//   - no order is left non-final without a scheduled query; nothing is left `created`;
//   - once compensation has asked, every order in flight or in manual review is one the
//     channel received: what it never got (a dead worker's call, a busy answer) was sent again;
//   - the ledger balances.
// At the end, once the channels have answered everything, ours and theirs agree exactly.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { openDatabase } from '@repay/db';
import { addDays, luhnCardNo } from '@repay/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, openApp, type App } from '../../testing/harness';

const ROUNDS = Number(process.env.REPAY_RELIABILITY_ROUNDS ?? 20);
const SEED = Number(process.env.REPAY_RELIABILITY_SEED ?? 20261125);
/** Share of rounds whose window two engine processes start and are killed in (PostgreSQL). */
const KILL_SHARE = Number(process.env.REPAY_RELIABILITY_KILL_SHARE ?? 0.25);
const LOANS = 24;
const engineRoot = fileURLToPath(new URL('../../../', import.meta.url));
const ENDINGS = ['0000', '0051', '0099', '0098', '0097', '1234', '5678', '4321', '8888', '2468'];

let sandbox: Sandbox;
let h: Harness;
/** The second worker: another app on the same PostgreSQL database, or the same app on PGlite. */
let other: App;
let closeOther = async () => {};

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(SEED);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  const sandboxUrl = await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
  // Pages of 7 installments: two workers select each run's pages between them.
  h = await startHarness({ sandboxUrl, env: { REPAY_DEBIT_SELECTION_PAGE: '7' } });
  for (let i = 0; i < LOANS; i++) {
    const orderNo = `RL-${String(i).padStart(3, '0')}`;
    const mobile = `139${String(10_000_000 + i).slice(-8)}`;
    const cardNo = luhnCardNo(`6222020${String(1000 + i).padStart(7, '0')}`, pick(ENDINGS));
    await h.createLoan({
      orderNo,
      principal: pick(['3000.00', '12000.00', '60000.00']),
      borrower: { name: '李四', idNo: '110101199003071233', mobile },
      card: { cardNo, bankCode: 'CMB' },
    });
    await h.bindCard({
      orderNo,
      cardNo,
      bankCode: pick(['ICBC', 'CMB', 'BOC']),
      mobile,
    });
  }
  await h.app.database.sql.query(`update channels set timeout_ms = 700`);
  if (h.database.url) {
    const second = await openDatabase({ url: h.database.url, max: 4 });
    other = await openApp({ env: h.app.env, database: second, clock: h.clock });
    closeOther = () => second.close();
  } else {
    other = h.app;
  }
}, 120_000);
afterAll(async () => {
  await closeOther();
  await h.close();
  await sandbox.app.close();
});

const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);

/** The run ended, every installment it selected in exactly one shard, and counted once. */
async function checkRun(runId: bigint) {
  const [run] = await q<{ status: string; selecting: boolean; total: number; shards: number }>(
    `select status, selected_at is null as selecting, installments_total as total, shards_total as shards
       from debit_runs where id = $1`,
    [runId],
  );
  const [selected] = await q<{ ids: number; distinct: number; shards: number }>(
    `select count(*)::int as ids, count(distinct x.id)::int as distinct,
            (select count(*)::int from debit_run_shards where run_id = $1) as shards
       from debit_run_shards s, unnest(s.installment_ids) as x(id) where s.run_id = $1`,
    [runId],
  );
  expect(run).toMatchObject({ status: 'completed', selecting: false });
  expect(selected).toEqual({ ids: run!.total, distinct: run!.total, shards: run!.shards });
}

async function checkInvariants(final: boolean) {
  const [over] = await q<{ n: number }>(
    `select count(*)::int as n from installments
      where principal_paid > principal_due or interest_paid > interest_due
         or fee_paid > fee_due or penalty_paid > penalty_due`,
  );
  expect(over!.n).toBe(0);
  const [left] = await q<{ created: number; unscheduled: number }>(
    `select count(*) filter (where status = 'created')::int as created,
            count(*) filter (where status in ('submitted', 'pending') and next_query_at is null)::int as unscheduled
       from debit_orders`,
  );
  expect(left).toEqual({ created: 0, unscheduled: 0 });
  const [ledger] = await q<{ total: bigint; journals: number; succeeded: number; twice: number }>(
    `select (select coalesce(sum(amount), 0)::bigint from ledger_entries) as total,
            (select count(*)::int from ledger_journals where kind = 'debit_collected') as journals,
            (select count(*)::int from debit_orders where status = 'succeeded') as succeeded,
            (select count(*)::int from (select installment_id from debit_orders
               where status in ('created', 'submitted', 'pending', 'manual_review')
               group by installment_id having count(*) > 1) x) as twice`,
  );
  expect(ledger!.total).toBe(0n);
  expect(ledger!.journals).toBe(ledger!.succeeded);
  expect(ledger!.twice).toBe(0);
  // Paid amounts are exactly what succeeded orders collected.
  const [paid] = await q<{ paid: bigint; collected: bigint }>(
    `select (select coalesce(sum(principal_paid + interest_paid + fee_paid + penalty_paid), 0)::bigint
               from installments i join loans l on l.id = i.loan_id where l.order_no like 'RL-%') as paid,
            (select coalesce(sum(amount), 0)::bigint from debit_orders where status = 'succeeded') as collected`,
  );
  expect(paid!.paid).toBe(paid!.collected);

  const ours = new Map(
    (
      await q<{ key: string; status: string; amount: bigint }>(
        `select idempotency_key as key, status, amount from debit_orders`,
      )
    ).map((o) => [o.key, o]),
  );
  const theirs = [...sandbox.channels.values()].flatMap((c) =>
    [...c.orders.values()]
      .filter((o) => o.type === 'debit')
      .map((o) => ({ ...o, channel: c.config.code })),
  );
  // One channel order per order id across every channel: nothing was sent twice elsewhere.
  expect(new Set(theirs.map((t) => t.orderId)).size).toBe(theirs.length);
  for (const t of theirs) {
    const mine = ours.get(t.orderId);
    expect(mine, t.orderId).toBeDefined();
    if (mine!.status === 'succeeded') {
      expect(t.status, t.orderId).toBe('success');
      expect(BigInt(t.amountFen)).toBe(mine!.amount);
    }
    if (t.status === 'success' && final) expect(mine!.status, t.orderId).toBe('succeeded');
    if (t.status === 'success' && !final)
      expect(['succeeded', 'pending', 'submitted']).toContain(mine!.status);
  }
}

/** Every order the channel received, by id (across its instances). */
const channelOrderIds = () =>
  new Set([...sandbox.channels.values()].flatMap((c) => [...c.orders.keys()]));

/**
 * Faults leave nothing for people that the engine can finish: every order in flight or in
 * manual review is one the channel received (what it never got was sent again).
 */
async function checkNothingLeftUnsent() {
  const received = channelOrderIds();
  const waiting = await q<{ key: string; status: string; raw_code: string | null }>(
    `select idempotency_key as key, status, raw_code from debit_orders
      where status in ('submitted', 'pending', 'manual_review')`,
  );
  expect(waiting.filter((o) => !received.has(o.key))).toEqual([]);
}

/** Compensation until nothing it can finish is left: each query back-off step, in turn. */
async function compensate() {
  for (const seconds of [16, 61, 301, 1801]) {
    await new Promise((r) => setTimeout(r, 100));
    h.clock.advance(seconds * 1000);
    await h.app.services.debitCompensation.sweep();
  }
}

/**
 * Two engine processes start the window (`repay run debit-window`) and are killed with
 * SIGKILL mid-window: once orders are out and before the run ends, at a random moment.
 */
async function killedMidWindow(date: string, window: string, runId: bigint) {
  const children: ChildProcess[] = [0, 1].map(() =>
    spawn(
      'node',
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'run',
        'debit-window',
        '--date',
        date,
        '--window',
        window,
      ],
      {
        cwd: engineRoot,
        env: {
          ...process.env,
          DATABASE_URL: h.database.url,
          REPAY_CLOCK: h.clock.now().toISOString(),
          REPAY_CALLBACK_BASE_URL: h.app.env.REPAY_CALLBACK_BASE_URL,
          NODE_ENV: 'test',
          REPAY_DEBIT_SELECTION_PAGE: '7',
          REPAY_DEBIT_CHUNK_SIZE: '4',
        },
        stdio: 'ignore',
      },
    ),
  );
  const exited = children.map(
    (child) => new Promise<void>((resolve) => child.once('exit', () => resolve())),
  );
  const [started] = await q<{ n: number }>(
    `select count(*)::int as n from debit_orders where batch_run_id = $1`,
    [runId],
  );
  expect(started!.n).toBe(0);
  await expect
    .poll(
      async () =>
        (
          await q<{ n: number }>(
            `select count(*)::int as n from debit_orders where batch_run_id = $1`,
            [runId],
          )
        )[0]!.n > 0,
      { timeout: 60_000, interval: 20 },
    )
    .toBe(true);
  await new Promise((r) => setTimeout(r, Math.floor(random() * 400)));
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(exited);
}

describe(`reliability: ${ROUNDS} randomized rounds (seed ${SEED})`, () => {
  it(
    'keeps every invariant through chaos, with two workers on each run',
    async () => {
      const windows = ['10:00', '14:00', '18:00'];
      let kills = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const window = windows[round % 3]!;
        const date = addDays('2026-03-15', Math.floor(round / 3)); // soaks run past the month's end
        // To a minute past the window's start (the clock only moves on).
        const at = Date.parse(`${date}T${window}:00+08:00`) + 60_000;
        expect(at).toBeGreaterThanOrEqual(h.clock.now().getTime());
        h.clock.advance(at - h.clock.now().getTime());
        const kill = h.database.url !== undefined && random() < KILL_SHARE;
        for (const c of sandbox.channels.values())
          c.profile = {
            ...c.profile,
            // Slower in a round with a kill, so that it lands while debits are out.
            latencyMs: kill ? { min: 100, max: 400 } : { min: 0, max: pick([0, 5, 20]) },
            pendingRatio: pick([0, 0.1, 0.3]),
            timeoutRatio: pick([0, 0.05, 0.15]),
            busyRatio: pick([0, 0, 0.02, 0.05]),
            timeoutHoldMs: 1000,
            pendingResolveMs: 100,
            notify: {
              duplicates: pick([1, 2, 3]),
              delayMs: pick([0, 30]),
              outOfOrder: random() < 0.5,
            },
          };
        const run = await h.app.services.debitRuns.startRun({ date, window }, 'reliability');
        if (kill) {
          await killedMidWindow(date, window, run.runId);
          kills++;
        }
        // The workers of this process: the run's workers, or its restart after the kill.
        const restarted = Date.now();
        await Promise.all([
          h.app.services.debitRuns.work(run.runId),
          other.services.debitRuns.work(run.runId),
        ]);
        expect(
          Date.now() - restarted,
          'the run finishes within a minute of the restart',
        ).toBeLessThan(60_000);
        await checkRun(run.runId);
        // Late answers: give the sandbox time to settle and notify, then query what is due.
        await new Promise((r) => setTimeout(r, 250));
        await compensate();
        await checkInvariants(false);
        await checkNothingLeftUnsent();
      }
      // Drain: query until nothing is pending any more (manual review is final for us).
      for (let i = 0; i < 8; i++) {
        await new Promise((r) => setTimeout(r, 150));
        h.clock.advance(7300_000);
        await h.app.services.debitCompensation.sweep();
      }
      const [open] = await q<{ n: number }>(
        `select count(*)::int as n from debit_orders where status in ('submitted', 'pending')`,
      );
      expect(open!.n).toBe(0);
      await checkInvariants(true);
      await checkNothingLeftUnsent();
      // The channel's successes and ours: the same orders, each once.
      const theirs = [...sandbox.channels.values()].flatMap((c) =>
        [...c.orders.values()].filter((o) => o.type === 'debit' && o.status === 'success'),
      );
      const [summary] = await q<{
        orders: number;
        succeeded: number;
        review: number;
        resent: number;
        resends: number;
      }>(
        `select count(*)::int as orders, count(*) filter (where status = 'succeeded')::int as succeeded,
                count(*) filter (where status = 'manual_review')::int as review,
                count(*) filter (where resends > 0)::int as resent,
                coalesce(sum(resends), 0)::int as resends
           from debit_orders`,
      );
      expect(summary!.succeeded).toBe(theirs.length);
      expect(summary!.succeeded).toBeGreaterThan(0);
      const busy = [...sandbox.channels.values()].reduce((n, c) => n + c.busyAnswers, 0);
      console.log(
        `[reliability] ${ROUNDS} rounds (${kills} with two engines killed mid-window), ` +
          `${summary!.orders} orders, ${summary!.succeeded} succeeded (the channel's ${theirs.length}), ` +
          `${summary!.review} in manual review, ${summary!.resent} sent again (${summary!.resends} re-sends), ` +
          `${busy} busy answers`,
      );
    },
    Math.max(300_000, ROUNDS * (15_000 + KILL_SHARE * 60_000)),
  ); // soaks (`pnpm soak`) run many more rounds
});
