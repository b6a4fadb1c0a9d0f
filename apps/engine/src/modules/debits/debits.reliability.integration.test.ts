// Reliability over HTTP against the channel sandbox: randomized rounds of deduction windows
// with latency, pending and timed-out answers, duplicated, late and out-of-order
// notifications, and two workers on every run (selecting its pages and working its shards
// between them). After each round the invariants hold:
//   - the run is complete, and every installment it selected is in exactly one shard;
//   - no installment collected more than it owed;
//   - every success at the channel is, or will be, one succeeded order; never two;
//   - every succeeded order is allocated and posted to the ledger exactly once;
//   - no order is left non-final without a scheduled query; nothing is left `created`;
//   - the ledger balances.
// At the end, once the channels have answered everything, ours and theirs agree exactly.
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { openDatabase } from '@repay/db';
import { addDays, luhnCardNo } from '@repay/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../app';
import { exampleLoan, startHarness, type Harness } from '../../testing/harness';

const ROUNDS = Number(process.env.REPAY_RELIABILITY_ROUNDS ?? 20);
const SEED = Number(process.env.REPAY_RELIABILITY_SEED ?? 20261125);
const LOANS = 24;
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
    expect(
      (
        await h.api(
          'POST',
          '/api/v1/loans',
          exampleLoan({
            orderNo,
            principal: pick(['3000.00', '12000.00', '60000.00']),
            borrower: { name: '李四', idNo: '110101199003071233', mobile },
            card: { cardNo, bankCode: 'CMB' },
          }),
        )
      ).status,
    ).toBe(201);
    const started = await h.api('POST', '/api/v1/cards/bind', {
      orderNo,
      cardNo,
      bankCode: pick(['ICBC', 'CMB', 'BOC']),
      mobile,
    });
    await h.api('POST', `/api/v1/cards/bind/${started.body.bindingId}/confirm`, {
      smsCode: '123456',
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

describe(`reliability: ${ROUNDS} randomized rounds (seed ${SEED})`, () => {
  it(
    'keeps every invariant through chaos, with two workers on each run',
    async () => {
      const windows = ['10:00', '14:00', '18:00'];
      let day = 15;
      for (let round = 0; round < ROUNDS; round++) {
        const window = windows[round % 3]!;
        if (round > 0 && round % 3 === 0) {
          day++;
          h.clock.advance(24 * 3600_000 - 8 * 3600_000); // to 10:00 the next day
        } else if (round > 0) h.clock.advance(4 * 3600_000);
        for (const c of sandbox.channels.values())
          c.profile = {
            ...c.profile,
            latencyMs: { min: 0, max: pick([0, 5, 20]) },
            pendingRatio: pick([0, 0.1, 0.3]),
            timeoutRatio: pick([0, 0.05, 0.15]),
            timeoutHoldMs: 1000,
            pendingResolveMs: 100,
            notify: {
              duplicates: pick([1, 2, 3]),
              delayMs: pick([0, 30]),
              outOfOrder: random() < 0.5,
            },
          };
        const date = addDays('2026-03-15', day - 15); // soaks run past the month's end
        const run = await h.app.services.debitRuns.startRun({ date, window }, 'reliability');
        await Promise.all([
          h.app.services.debitRuns.work(run.runId),
          other.services.debitRuns.work(run.runId),
        ]);
        await checkRun(run.runId);
        // Late answers: give the sandbox time to settle and notify, then query what is due.
        await new Promise((r) => setTimeout(r, 250));
        h.clock.advance(61_000);
        await h.app.services.debitCompensation.sweep();
        await checkInvariants(false);
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
      const [summary] = await q<{ orders: number; succeeded: number }>(
        `select count(*)::int as orders, count(*) filter (where status = 'succeeded')::int as succeeded from debit_orders`,
      );
      expect(summary!.succeeded).toBeGreaterThan(0);
      console.log(
        `[reliability] ${ROUNDS} rounds, ${summary!.orders} orders, ${summary!.succeeded} succeeded`,
      );
    },
    Math.max(300_000, ROUNDS * 15_000),
  ); // soaks (`pnpm soak`) run many more rounds
});
