// A payout worker killed with SIGKILL while payouts are at the channel, then the work picked up
// by an engine started after it. The worker committed those orders as submitted (reserved)
// before calling; some of its calls reached the channel and were answered to a dead process,
// some were lost on the way and never reached it. After the restart the submitted orders are
// only queried, never sent again: the ones the channel has settle by its answer, the ones it
// never got stay unknown and reserved until a person decides; the queued ones are sent once.
// Two processes need a shared database: this runs on PostgreSQL (CI sets DATABASE_URL).
import { spawn } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@repay/db';
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { yuanToFen } from '@repay/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, startHarness, TEST_CLOCK, type App, type Harness } from '../../testing/harness';
import { systemActor } from '../events';

const onPostgres = process.env.DATABASE_URL !== undefined;
const engineRoot = fileURLToPath(new URL('../../../', import.meta.url));
const ORDERS = 30;
const finance = systemActor('test-finance');
const upstream = { type: 'api_key', id: 'test-upstream' } as const;
/** What each account starts from (fen), no buffer: 60,000.00 for about 75,000.00 of payouts. */
const START = { 'sandbox-a': 4_000_000n, 'sandbox-b': 2_000_000n, 'sandbox-c': 0n } as const;
type Code = keyof typeof START;

let sandbox: Sandbox;
let proxy: Server;
let h: Harness;
let restarted: App | undefined;

/** Payout requests the engines sent, per channel order id (a second send shows here). */
const sentTimes = new Map<string, number>();
/** Requests the network lost while the worker ran (two): never passed on, never answered. */
const lost = new Set<string>();
let losing = true;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);
const fenText = (fen: bigint) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;
const atChannel = (orderId: string) =>
  [...sandbox.channels.values()].some((c) => c.orders.has(orderId));
const inFlight = () => [...sandbox.channels.values()].reduce((n, c) => n + c.inFlight, 0);

/**
 * The network between the engines and the sandbox: passes every request on and its answer
 * back, except the third and the sixth payout request while `losing`, which it neither passes
 * on nor answers (the call hangs until its caller dies).
 */
function startProxy(target: string): Promise<string> {
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.url?.endsWith('/payout')) {
        const { orderId } = JSON.parse(body.toString()) as { orderId: string };
        sentTimes.set(orderId, (sentTimes.get(orderId) ?? 0) + 1);
        if (losing && lost.size < 2 && sentTimes.size % 3 === 0) {
          lost.add(orderId);
          return;
        }
      }
      const onward = request(
        target + req.url,
        { method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      onward.on('error', () => res.destroy());
      onward.end(body);
    });
  });
  return new Promise((resolve) =>
    proxy.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`),
    ),
  );
}

interface OrderRow {
  id: string;
  payoutNo: string;
  status: string;
  amount: string;
  fee: string | null;
  account: Code | null;
  rawCode: string | null;
  reserved: string;
  waitReason: string | null;
}
const ordersNow = () =>
  q<OrderRow>(
    `select o.id::text, o.payout_no as "payoutNo", o.status, o.amount::text, o.fee::text,
            a.channel_code as account, o.raw_code as "rawCode", o.reserved_amount::text as reserved,
            o.wait_reason as "waitReason"
       from payout_orders o left join payout_accounts a on a.id = o.reserved_account_id
      order by o.id`,
  );

/**
 * Sent once, and the positions add up: the channel got each sent order's id once at most;
 * each sent order has one dispatch in its history; each account's balance is where it started
 * less what was paid with its fees, and reserves what its unfinished orders hold.
 */
async function checkSentOnceAndPositions() {
  const orders = await ordersNow();
  const sent = orders.filter((o) => o.status !== 'queued');
  expect([...sentTimes].filter(([, n]) => n !== 1)).toEqual([]);
  expect([...sentTimes.keys()].sort()).toEqual(sent.map((o) => `PO${o.id}`).sort());
  const dispatches = await q<{ id: string; n: number }>(
    `select payout_order_id::text as id, count(*)::int as n from payout_order_events
      where source = 'dispatch' group by 1`,
  );
  expect(dispatches.filter((d) => d.n !== 1)).toEqual([]);
  expect(dispatches.map((d) => d.id).sort()).toEqual(sent.map((o) => o.id).sort());
  for (const a of (await h.app.services.positions.overview()).accounts) {
    const code = a.channelCode as Code;
    const mine = orders.filter((o) => o.account === code);
    const paid = mine
      .filter((o) => o.status === 'succeeded')
      .reduce((s, o) => s + BigInt(o.amount) + BigInt(o.fee!), 0n);
    const holding = mine.reduce((s, o) => s + BigInt(o.reserved), 0n);
    expect(yuanToFen(a.balance), code).toBe(START[code] - paid);
    expect(yuanToFen(a.reserved), code).toBe(holding);
  }
  for (const r of await h.app.services.positions.reservationCheck())
    expect(r.reserved, r.channelCode).toBe(r.byOrders);
  return orders;
}

describe.skipIf(!onPostgres)('a payout worker killed at the channel (PostgreSQL)', () => {
  beforeAll(async () => {
    sandbox = await buildSandbox({ instances: defaultInstances() });
    const sandboxUrl = await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
    h = await startHarness({ sandboxUrl: await startProxy(sandboxUrl) });
    // Lost calls hang for as long as the worker lives: longer than it will.
    await q(`update channels set timeout_ms = 60000`);
    // Slow answers, so that the kill lands while payouts are at the channel; answers by the
    // payee's tail only, and no notifications: only queries can tell the engine what happened.
    for (const c of sandbox.channels.values())
      c.profile = {
        ...c.profile,
        latencyMs: { min: 1000, max: 1500 },
        timeoutRatio: 0,
        pendingRatio: 0,
        busyRatio: 0,
        notify: { ...c.profile.notify, enabled: false },
      };
    const { positions } = h.app.services;
    for (const [code, balance] of Object.entries(START)) {
      await positions.setBuffer({ channelCode: code, buffer: '0.00', reason: 'test' }, finance);
      if (balance > 0n)
        await positions.topUp(
          { channelCode: code, amount: fenText(balance), reason: 'test' },
          finance,
        );
    }
    // 1,000.00–4,000.00 each; one in five pending at the channel for 2 s before it pays.
    for (let i = 0; i < ORDERS; i++) {
      const tail = i % 5 === 2 ? '0099' : '0000';
      await h.app.services.payouts.request(
        {
          payoutNo: `KILL-${String(i).padStart(2, '0')}`,
          funderCode: 'F-TRUST-01',
          purpose: 'disbursement',
          amount: fenText(100_000n + BigInt((i * 7_919_333) % 300_000)),
          payee: {
            name: '王五',
            accountNo: `6222022${String(i).padStart(4, '0')}${tail}`,
            bankCode: 'ICBC',
          },
        },
        upstream,
      );
    }
  }, 120_000);
  afterAll(async () => {
    await restarted?.close();
    await h?.close();
    proxy?.closeAllConnections();
    await new Promise((r) => proxy?.close(r));
    await sandbox?.app.close();
  });

  it('queries what the dead worker sent, never sends it again, and settles the rest', async () => {
    const started = Date.now();
    const child = spawn(
      'node',
      ['--import', 'tsx', 'src/testing/payout-worker.ts', '--loops', '4'],
      {
        cwd: engineRoot,
        env: {
          ...process.env,
          DATABASE_URL: h.database.url,
          REPAY_CLOCK: TEST_CLOCK,
          NODE_ENV: 'test',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let progress = '';
    child.stdout.on('data', (chunk: Buffer) => (progress += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    // Kill it once two of its calls were lost on the way, two are at the channel (received,
    // not answered yet) and some answers were applied already.
    await expect
      .poll(
        async () => {
          const [row] = await q<{ done: number }>(
            `select count(*) filter (where status in ('succeeded', 'pending'))::int as done
               from payout_orders`,
          );
          return lost.size >= 2 && inFlight() >= 2 && row!.done > 0;
        },
        { timeout: 60_000, interval: 20 },
      )
      .toBe(true);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const killedAt = Date.now() - started;
    losing = false;
    // The channel still processes what it had received (after its latency): our queries come
    // after, as they would in life.
    await expect.poll(inFlight, { timeout: 10_000, interval: 20 }).toBe(0);

    // The premise: orders committed as submitted whose answers were never applied, some at
    // the channel and some it never got; the ones not reached yet still queued.
    const before = await checkSentOnceAndPositions();
    const stranded = before.filter((o) => o.status === 'submitted');
    const answeredToTheDead = stranded.filter((o) => atChannel(`PO${o.id}`));
    const neverArrived = stranded.filter((o) => lost.has(`PO${o.id}`));
    expect(answeredToTheDead.length, progress).toBeGreaterThan(0);
    expect(neverArrived.map((o) => `PO${o.id}`).sort()).toEqual([...lost].sort());
    expect(stranded).toHaveLength(answeredToTheDead.length + neverArrived.length);
    expect(before.filter((o) => o.status === 'queued').length).toBeGreaterThan(0);
    for (const o of neverArrived) expect(atChannel(`PO${o.id}`)).toBe(false);

    // An engine started after it: the clock moves past the first query, the channel answers
    // at once now. It sends what is queued and asks about what is unanswered.
    for (const c of sandbox.channels.values())
      c.profile = { ...c.profile, latencyMs: { min: 0, max: 0 } };
    const second = await openDatabase({ url: h.database.url!, max: 4 });
    restarted = await openApp({ env: h.app.env, database: second, clock: h.clock });
    const { payouts } = restarted.services;
    const restartedAt = Date.now();
    h.clock.advance(61_000);
    await sleep(2100); // pending (0099) orders resolve at the channel after 2 s
    await payouts.dispatch();
    await payouts.queryDue();
    // The pending ones this engine sent are asked about after their first back-off.
    h.clock.advance(3 * 60_000);
    await sleep(2100);
    await payouts.queryDue();
    const resumedIn = Date.now() - restartedAt;

    const after = await checkSentOnceAndPositions();
    const status = new Map(after.map((o) => [o.id, o]));
    // Those the channel had are settled by its answer, paid.
    for (const o of answeredToTheDead) expect(status.get(o.id)!.status).toBe('succeeded');
    // Those it never got are unknown, not failed: still reserved, asked again later, and
    // never sent again (sentTimes above: once).
    for (const o of neverArrived)
      expect(status.get(o.id), `PO${o.id}`).toMatchObject({
        status: 'pending',
        reserved: o.amount,
        // The channel's "no such order" (sandbox-a's and sandbox-b's words for it).
        rawCode: expect.stringMatching(/^(BF00202|3046)$/),
      });
    expect(after.filter((o) => o.status === 'failed')).toEqual([]);
    expect(
      after.filter(
        (o) => (o.status === 'pending' || o.status === 'submitted') && !lost.has(`PO${o.id}`),
      ),
    ).toEqual([]);
    const waiting = after.filter((o) => o.status === 'queued');
    for (const o of waiting) expect(o.waitReason).toMatch(/over_position/);

    // Unknown for two hours: a person decides, the reservation still held; asked again, the
    // channel still has no such order, and finance fails it with that evidence. Its money is
    // free again: what waited and now fits is sent, once.
    h.clock.advance(2 * 3600_000);
    await payouts.queryDue();
    const held = await checkSentOnceAndPositions();
    for (const o of neverArrived) {
      expect(held.find((x) => x.id === o.id)).toMatchObject({
        status: 'manual_review',
        reserved: o.amount,
      });
      await payouts.resolveReview(
        o.payoutNo,
        {
          outcome: 'failed',
          evidence: 'not in the channel statement; its query answers no such order',
          reason: 'the call was lost with the worker',
        },
        finance,
      );
    }
    await payouts.dispatch();
    h.clock.advance(61_000);
    await sleep(2100);
    await payouts.queryDue();

    const final = await checkSentOnceAndPositions();
    const by = (s: string) => final.filter((o) => o.status === s);
    expect(
      by('failed')
        .map((o) => o.id)
        .sort(),
    ).toEqual(neverArrived.map((o) => o.id).sort());
    expect(final.filter((o) => !['succeeded', 'failed', 'queued'].includes(o.status))).toEqual([]);
    // What still waits, no account can cover.
    const usable = (await h.app.services.positions.overview()).accounts.map((a) =>
      yuanToFen(a.usable),
    );
    for (const o of by('queued')) {
      expect(
        usable.every((u) => BigInt(o.amount) > u),
        o.amount,
      ).toBe(true);
      expect(o.waitReason).toMatch(/over_position/);
    }
    // Every payout the channel made is one of ours, paid once, for its amount and fee.
    const theirs = [...sandbox.channels.values()].flatMap((c) =>
      [...c.orders.values()].filter((t) => t.type === 'payout'),
    );
    expect(theirs.map((t) => t.orderId).sort()).toEqual(
      by('succeeded')
        .map((o) => `PO${o.id}`)
        .sort(),
    );
    for (const t of theirs) {
      const o = final.find((x) => `PO${x.id}` === t.orderId)!;
      expect(t.status).toBe('success');
      expect(BigInt(t.amountFen)).toBe(BigInt(o.amount));
      expect(BigInt(t.feeFen)).toBe(BigInt(o.fee!));
    }
    const [{ total }] = (await q<{ total: string }>(
      `select coalesce(sum(amount), 0)::text as total from ledger_entries`,
    )) as [{ total: string }];
    expect(total).toBe('0');
    console.log(
      `[payouts.crash] killed after ${killedAt} ms with ${stranded.length} unanswered ` +
        `(${answeredToTheDead.length} at the channel, ${neverArrived.length} lost); ` +
        `the restarted engine settled them in ${resumedIn} ms; finally ${by('succeeded').length} paid, ` +
        `${by('failed').length} failed by review, ${by('queued').length} waiting; ${Date.now() - started} ms in all`,
    );
  }, 180_000);
});
