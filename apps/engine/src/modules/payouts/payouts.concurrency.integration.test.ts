// Two engine instances dispatching the same queued payouts at once, against two payout accounts
// whose usable covers only part of them. The reservation is one statement whose WHERE holds the
// arithmetic (usable = balance − reserved − buffer), made in the transaction that commits the
// order as submitted: no order is taken twice, no fen is reserved twice, and what could not be
// covered waits queued, saying why. Two instances need a shared database: this runs on
// PostgreSQL (CI sets DATABASE_URL); PGlite is one process only.
import { openDatabase, type DbHandle } from '@repay/db';
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { yuanToFen } from '@repay/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, startHarness, type App, type Harness } from '../../testing/harness';
import type { ChannelRequest, ChannelResponse } from '../channels';
import { systemActor } from '../events';
import { createPayoutsRepo } from './payouts.repo';

const onPostgres = process.env.DATABASE_URL !== undefined;
const ORDERS = 60;
const finance = systemActor('test-finance');
const upstream = { type: 'api_key', id: 'test-upstream' } as const;

let sandbox: Sandbox;
let h: Harness;
let second: DbHandle;
let other: App;
/** Payout requests the sandbox received, per channel order id: a second send shows here. */
const received = new Map<string, number>();
/** The channel order ids the second engine sent (the first engine sent the others). */
const sentBySecond = new Set<string>();

/**
 * The second engine's channel calls: over HTTP like the first engine's, noting the payouts it
 * sends (the history cannot tell two engines apart: both act as system:payouts).
 */
async function recordingTransport(req: ChannelRequest): Promise<ChannelResponse> {
  if (req.url.endsWith('/payout') && req.body)
    sentBySecond.add((JSON.parse(req.body) as { orderId: string }).orderId);
  const started = performance.now();
  const res = await fetch(req.url, {
    method: req.method,
    headers: req.headers,
    body: req.body,
    signal: AbortSignal.timeout(req.timeoutMs),
  });
  const text = await res.text();
  return {
    status: res.status,
    header: (name) => res.headers.get(name),
    text,
    latencyMs: performance.now() - started,
  };
}

/** mulberry32: the same amounts every run. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(20260315);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);
const fenText = (fen: bigint) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;

/** What each account starts from (fen): usable = balance − buffer, nothing reserved. */
const START = {
  'sandbox-a': { balance: 6_000_000n, buffer: 500_000n },
  'sandbox-b': { balance: 4_000_000n, buffer: 0n },
  'sandbox-c': { balance: 0n, buffer: 0n },
} as const;
type Code = keyof typeof START;

/**
 * Every account's position in one statement (one snapshot), with the fees its paid orders
 * took: balance + fees − reserved − buffer is what the reservations left of the starting
 * usable. Never below zero, whatever is in flight.
 */
async function headroom() {
  const rows = await q<{ code: Code; headroom: string; reserved: string }>(
    `select a.channel_code as code, a.reserved::text as reserved,
            (a.balance - a.reserved - a.buffer + coalesce((select sum(o.fee) from payout_orders o
               where o.reserved_account_id = a.id and o.status = 'succeeded'), 0))::text as headroom
       from payout_accounts a`,
  );
  return rows.map((r) => ({
    code: r.code,
    headroom: BigInt(r.headroom),
    reserved: BigInt(r.reserved),
  }));
}

describe.skipIf(!onPostgres)('payouts from two engines at once (PostgreSQL)', () => {
  beforeAll(async () => {
    sandbox = await buildSandbox({ instances: defaultInstances() });
    for (const c of sandbox.channels.values()) {
      const payout = c.payout.bind(c);
      c.payout = (input) => {
        received.set(input.orderId, (received.get(input.orderId) ?? 0) + 1);
        return payout(input);
      };
    }
    h = await startHarness({
      sandboxUrl: await sandbox.app.listen({ port: 0, host: '127.0.0.1' }),
    });
    second = await openDatabase({ url: h.database.url!, max: 4 });
    other = await openApp({
      env: h.app.env,
      database: second,
      clock: h.clock,
      channelTransport: recordingTransport,
    });
    await q(`update channels set timeout_ms = 5000`);
    // A little latency, so that the two engines' calls overlap; answers by the payee's tail
    // only, and no notifications: the engines' own answers and queries settle everything.
    for (const c of sandbox.channels.values())
      c.profile = {
        ...c.profile,
        latencyMs: { min: 10, max: 60 },
        timeoutRatio: 0,
        pendingRatio: 0,
        busyRatio: 0,
        notify: { ...c.profile.notify, enabled: false },
      };

    const { positions } = h.app.services;
    for (const [code, start] of Object.entries(START)) {
      await positions.setBuffer(
        { channelCode: code, buffer: fenText(start.buffer), reason: 'test' },
        finance,
      );
      if (start.balance > 0n)
        await positions.topUp(
          { channelCode: code, amount: fenText(start.balance), reason: 'test' },
          finance,
        );
    }
    // 60 payouts of 300.00–4,999.99 (about 160,000.00 in all) against 95,000.00 usable: one
    // in ten fails at the channel (its reservation is released), one in ten is pending first.
    for (let i = 0; i < ORDERS; i++) {
      const tail = i % 10 === 3 ? '0051' : i % 10 === 7 ? '0099' : '0000';
      await h.app.services.payouts.request(
        {
          payoutNo: `CC-${String(i).padStart(2, '0')}`,
          funderCode: 'F-TRUST-01',
          purpose: 'disbursement',
          amount: fenText(30_000n + BigInt(Math.floor(random() * 470_000))),
          payee: {
            name: '王五',
            accountNo: `6222021${String(i).padStart(4, '0')}${tail}`,
            bankCode: 'ICBC',
          },
        },
        upstream,
      );
    }
  }, 120_000);
  afterAll(async () => {
    await other?.close();
    await h?.close();
    await sandbox?.app.close();
  });

  it('sends each covered payout once, never reserves past usable, and leaves the rest queued', async () => {
    const apps = [h.app, other];
    // Watch the positions while the engines work: the reservations never take more than the
    // starting usable, in any snapshot.
    let watching = true;
    const lowest = new Map<string, bigint>();
    let snapshots = 0;
    const watcher = (async () => {
      while (watching) {
        for (const a of await headroom())
          if (a.headroom < (lowest.get(a.code) ?? a.headroom + 1n)) lowest.set(a.code, a.headroom);
        snapshots++;
        await sleep(2);
      }
    })();

    const started = Date.now();
    /** Both engines dispatch the same queue at once, until a round moves nothing. */
    const dispatchTogether = async () => {
      for (let round = 0; round < 10; round++) {
        const counts = await Promise.all(apps.map((a) => a.services.payouts.dispatch()));
        if (counts.every((c) => c.sent + c.failed === 0)) return;
      }
      throw new Error('dispatch kept moving orders after 10 rounds');
    };
    try {
      await dispatchTogether();
      // The pending ones (0099) resolve at the channel after 2 s: both engines query them at
      // once, then dispatch what their releases or the rest make room for.
      await sleep(2100);
      h.clock.advance(61_000);
      await Promise.all(apps.map((a) => a.services.payouts.queryDue()));
      await dispatchTogether();
    } finally {
      watching = false;
      await watcher;
    }
    const elapsed = Date.now() - started;

    // Both engines sent some: they really worked the same queue together.
    expect(snapshots).toBeGreaterThan(10);
    for (const [code, least] of lowest)
      expect(least, `${code} in ${snapshots} snapshots`).toBeGreaterThanOrEqual(0n);

    const orders = await q<{
      id: string;
      status: string;
      amount: string;
      fee: string | null;
      account: Code | null;
      channel: string | null;
      reserved: string;
      waitReason: string | null;
    }>(
      `select o.id::text, o.status, o.amount::text, o.fee::text, a.channel_code as account,
              o.channel_code as channel, o.reserved_amount::text as reserved,
              o.wait_reason as "waitReason"
         from payout_orders o left join payout_accounts a on a.id = o.reserved_account_id
        order by o.id`,
    );
    expect(orders).toHaveLength(ORDERS);
    const byStatus: Record<string, typeof orders> = {};
    for (const o of orders) (byStatus[o.status] ??= []).push(o);
    // The premise: some were paid, some failed at the channel, some could not be covered.
    expect(byStatus.succeeded?.length ?? 0).toBeGreaterThan(20);
    expect(byStatus.failed?.length ?? 0).toBeGreaterThan(0);
    expect(byStatus.queued?.length ?? 0).toBeGreaterThan(0);
    // Nothing is left unknown: every pending one was queried to its end.
    expect(Object.keys(byStatus).sort()).toEqual(['failed', 'queued', 'succeeded']);

    // Sent once: the channel received each sent order's id once, and nothing else; each has
    // one dispatch in its history, and the channel that received it is the one it reserved at.
    const sent = orders.filter((o) => o.status !== 'queued');
    // Both engines sent some: they really worked the same queue together.
    const bySecond = sent.filter((o) => sentBySecond.has(`PO${o.id}`)).length;
    expect(bySecond).toBe(sentBySecond.size);
    expect(bySecond).toBeGreaterThan(0);
    expect(sent.length - bySecond).toBeGreaterThan(0);
    expect(
      [...received.values()].every((n) => n === 1),
      JSON.stringify([...received]),
    ).toBe(true);
    expect([...received.keys()].sort()).toEqual(sent.map((o) => `PO${o.id}`).sort());
    for (const o of sent) {
      expect(o.channel).toBe(o.account);
      expect(sandbox.channels.get(o.channel!)!.orders.has(`PO${o.id}`)).toBe(true);
    }
    const dispatches = await q<{ id: string; n: number; amount: string; usableBefore: string[] }>(
      `select e.payout_order_id::text as id, count(*)::int as n, min(o.amount)::text as amount,
              array_agg(e.detail->>'usableBefore') as "usableBefore"
         from payout_order_events e join payout_orders o on o.id = e.payout_order_id
        where e.source = 'dispatch' group by 1`,
    );
    expect(dispatches.map((d) => d.id).sort()).toEqual(sent.map((o) => o.id).sort());
    for (const d of dispatches) {
      expect(d.n, `order ${d.id}`).toBe(1);
      // Each reservation saw a usable that covered it.
      expect(yuanToFen(d.usableBefore[0]!) >= BigInt(d.amount), `order ${d.id}`).toBe(true);
    }

    // Positions add up: the balance is what it started from less what was paid with its fees;
    // reserved is what the unfinished orders hold (nothing is unfinished now).
    const accounts = await h.app.services.positions.overview();
    const maxUsable = accounts.accounts.reduce((m, a) => {
      const u = yuanToFen(a.usable);
      return u > m ? u : m;
    }, 0n);
    for (const a of accounts.accounts) {
      const code = a.channelCode as Code;
      const paid = orders
        .filter((o) => o.status === 'succeeded' && o.account === code)
        .reduce((s, o) => s + BigInt(o.amount) + BigInt(o.fee!), 0n);
      expect(yuanToFen(a.balance), code).toBe(START[code].balance - paid);
      expect(a.reserved, code).toBe('0.00');
      expect(yuanToFen(a.buffer), code).toBe(START[code].buffer);
    }
    for (const r of await h.app.services.positions.reservationCheck())
      expect(r.reserved, r.channelCode).toBe(r.byOrders);
    for (const a of await headroom()) expect(a.headroom, a.code).toBeGreaterThanOrEqual(0n);

    // What is still queued could not be covered by any account, and says why.
    for (const o of byStatus.queued!) {
      expect(BigInt(o.amount) > maxUsable, `${o.amount} vs usable ${maxUsable}`).toBe(true);
      expect(o.waitReason).toMatch(/over_position/);
      expect(o.reserved).toBe('0');
    }

    const [{ total }] = (await q<{ total: string }>(
      `select coalesce(sum(amount), 0)::text as total from ledger_entries`,
    )) as [{ total: string }];
    expect(total).toBe('0');
    console.log(
      `[payouts.concurrency] ${sent.length} sent (${byStatus.succeeded!.length} paid, ${byStatus.failed!.length} failed), ` +
        `${byStatus.queued!.length} queued; sent by the engines ${sent.length - bySecond} + ${bySecond}; ` +
        `lowest headroom ${[...lowest].map(([c, l]) => `${c} ${fenText(l)}`).join(', ')} in ${snapshots} snapshots; ${elapsed} ms`,
    );
  }, 120_000);

  it('reserve from two connection pools at once: every fen granted once, every refusal right', async () => {
    const repos = [createPayoutsRepo(h.app.database), createPayoutsRepo(second)];
    const { positions } = h.app.services;
    await positions.topUp(
      { channelCode: 'sandbox-c', amount: '10000.00', reason: 'test' },
      finance,
    );
    await positions.setBuffer(
      { channelCode: 'sandbox-c', buffer: '1000.00', reason: 'test' },
      finance,
    );
    const [account] = (await q<{ id: string; usable: string; reserved: string }>(
      `select id::text, (balance - reserved - buffer)::text as usable, reserved::text
         from payout_accounts where channel_code = 'sandbox-c'`,
    )) as [{ id: string; usable: string; reserved: string }];
    const id = BigInt(account.id);
    const usable = BigInt(account.usable);
    expect(usable).toBe(900_000n);
    // 400 reservations of 0.01–99.99 (about 20,000.00 asked of 9,000.00), half from each pool.
    const amounts = Array.from({ length: 400 }, () => 1n + BigInt(Math.floor(random() * 9_999)));
    const started = Date.now();
    const results = await Promise.all(
      amounts.map((amount, k) => repos[k % 2]!.reserve(id, amount)),
    );
    const elapsed = Date.now() - started;
    const granted = amounts.flatMap((amount, k) =>
      results[k] ? [{ amount, usableAfter: results[k].usable }] : [],
    );
    const refused = amounts.filter((_, k) => results[k] === null);
    expect(granted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);

    const [after] = (await q<{ usable: string; reserved: string }>(
      `select (balance - reserved - buffer)::text as usable, reserved::text
         from payout_accounts where id = $1`,
      [id],
    )) as [{ usable: string; reserved: string }];
    const total = granted.reduce((s, g) => s + g.amount, 0n);
    expect(BigInt(after.reserved)).toBe(BigInt(account.reserved) + total);
    expect(BigInt(after.usable)).toBe(usable - total);
    expect(BigInt(after.usable)).toBeGreaterThanOrEqual(0n);
    // Usable only fell meanwhile: a refused amount was more than it, then and now.
    for (const amount of refused) expect(amount > BigInt(after.usable)).toBe(true);
    // One after the other: ordered by what each left, every grant took its amount from what
    // the one before left, so no two saw the same position.
    granted.sort((x, y) => (x.usableAfter > y.usableAfter ? -1 : 1));
    let left = usable;
    for (const g of granted) {
      expect(g.usableAfter).toBe(left - g.amount);
      left = g.usableAfter;
    }

    // These reservations belong to no order: given back, the positions add up again.
    await q(`update payout_accounts set reserved = reserved - $2 where id = $1`, [id, total]);
    for (const r of await positions.reservationCheck())
      expect(r.reserved, r.channelCode).toBe(r.byOrders);
    console.log(
      `[payouts.concurrency] reserve: ${granted.length} granted (${fenText(total)}), ${refused.length} refused, ${elapsed} ms`,
    );
  });
});
