// Orders the channel never received are sent again, with the same order id, instead of being
// handed to people. A worker that dies between committing its orders as submitted and its
// calls leaves them submitted with no answer; the channel, asked, has no such order. Within the
// order's business day it is sent again (the channel de-duplicates on the order id, so a call
// that did arrive after all is answered as the same order, never taken twice), at most a few
// times, each counted on the order with an event; after its day, the statement or a person
// decides as before.
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { luhnCardNo } from '@repay/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelRequest, ChannelResponse } from '../channels';
import { startHarness, type Harness, openApp, type App } from '../../testing/harness';

let sandbox: Sandbox;
let h: Harness;
let loans = 0;

const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  h = await startHarness({
    sandboxUrl: await sandbox.app.listen({ port: 0, host: '127.0.0.1' }),
  });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await sandbox?.app.close();
});

/** Loans on cards that succeed (or behave as `ending` says), due now, bound at the channels. */
async function loansDue(prefix: string, n: number, ending = '0000') {
  for (let i = 0; i < n; i++) {
    const mobile = `134${String(40_000_000 + loans).slice(-8)}`;
    const { bound } = await h.loanOnCard(
      { orderNo: `${prefix}-${i}`, borrower: { name: '孙八', idNo: '110101199003071233', mobile } },
      {
        cardNo: luhnCardNo(`62220205${String(loans).padStart(6, '0')}`, ending),
        bankCode: 'ICBC',
        mobile,
      },
    );
    expect(bound.status).toBe(200);
    loans++;
  }
}

/**
 * A worker whose calls never leave (it dies with them): its orders are committed as submitted
 * and the channel gets nothing. `release` lets its calls fail at last, so that it ends.
 */
async function workerThatDies() {
  const stuck: (() => void)[] = [];
  const transport = (_req: ChannelRequest) =>
    new Promise<ChannelResponse>((_resolve, reject) =>
      stuck.push(() => reject(new Error('the worker died'))),
    );
  const app: App = await openApp({
    env: h.app.env,
    database: h.app.database,
    clock: h.clock,
    channelTransport: transport,
  });
  return {
    app,
    stuck,
    release: () => {
      for (const fail of stuck.splice(0)) fail();
    },
  };
}

const ordersOf = (prefix: string) =>
  q<{ key: string; status: string; resends: number; raw_code: string | null }>(
    `select d.idempotency_key as key, d.status, d.resends, d.raw_code
       from debit_orders d join loans l on l.id = d.loan_id
      where l.order_no like $1 order by d.id`,
    [`${prefix}-%`],
  );

/** The channel's own record of an order id, across its instances. */
const atChannel = (orderId: string) =>
  [...sandbox.channels.values()].flatMap((c) => {
    const o = c.orders.get(orderId);
    return o ? [o] : [];
  });

describe('orders the channel never received', () => {
  it('are sent again with the same order id, once, and settle', async () => {
    await loansDue('NEVER', 3);
    const dead = await workerThatDies();
    const { runId } = await h.app.services.debitRuns.startRun(
      { date: '2026-03-15', window: '10:00' },
      'resend test',
    );
    const working = dead.app.services.debitRuns.work(runId);
    // Two installments a loan: six orders committed as submitted, their calls never sent.
    await expect.poll(() => dead.stuck.length, { timeout: 10_000, interval: 20 }).toBe(6);
    const left = await ordersOf('NEVER');
    expect(left.map((o) => o.status)).toEqual(Array(6).fill('submitted'));
    expect(left.every((o) => atChannel(o.key).length === 0)).toBe(true);

    // A minute on, compensation asks; the channel has no such order: sent again, and settled.
    h.clock.advance(61_000);
    await h.app.services.debitCompensation.sweep();
    const after = await ordersOf('NEVER');
    expect(after.map((o) => [o.status, o.resends])).toEqual(Array(6).fill(['succeeded', 1]));
    for (const o of after) {
      const theirs = atChannel(o.key);
      expect(theirs).toHaveLength(1);
      expect(theirs[0]!.status).toBe('success');
    }
    // Each re-send is an event on the order.
    const events = await q<{ key: string; from: string; to: string; message: string }>(
      `select d.idempotency_key as key, e.from_status as from, e.to_status as to, e.raw_message as message
         from debit_order_events e join debit_orders d on d.id = e.debit_order_id
        where e.raw_code = 'RESEND' order by e.id`,
    );
    expect(events).toHaveLength(6);
    expect(events[0]).toMatchObject({ from: 'submitted', to: 'submitted' });
    expect(events[0]!.message).toMatch(/no such order/);

    // The dead worker's calls fail at last: they change nothing now.
    dead.release();
    await working;
    expect((await ordersOf('NEVER')).map((o) => o.status)).toEqual(Array(6).fill('succeeded'));
  }, 60_000);

  it('are not sent again once their business day is over: the statement or a person decides', async () => {
    h.clock.advance(4 * 3600_000); // 14:01
    await loansDue('LATE', 1);
    const dead = await workerThatDies();
    const { runId } = await h.app.services.debitRuns.startRun(
      { date: '2026-03-15', window: '14:00' },
      'resend test',
    );
    const working = dead.app.services.debitRuns.work(runId);
    await expect.poll(() => dead.stuck.length, { timeout: 10_000, interval: 20 }).toBe(2);
    h.clock.advance(12 * 3600_000); // 02:01 the next day
    await h.app.services.debitCompensation.sweep();
    const after = await ordersOf('LATE');
    expect(after.map((o) => [o.status, o.resends])).toEqual(Array(2).fill(['pending', 0]));
    expect(after.every((o) => atChannel(o.key).length === 0)).toBe(true);
    dead.release();
    await working;
  }, 60_000);
});

/** The business clock moved on to this instant. */
const moveTo = (iso: string) => h.clock.advance(Date.parse(iso) - h.clock.now().getTime());

describe('orders a channel answered busy (it made none)', () => {
  const channels = () => [...sandbox.channels.values()];
  const window = async (time: string) => {
    const { runId } = await h.app.services.debitRuns.startRun(
      { date: '2026-03-16', window: time },
      'resend test',
    );
    await h.app.services.debitRuns.work(runId);
  };

  it('are asked about, and sent again with the same id when the channel has no such order', async () => {
    moveTo('2026-03-16T10:00:00+08:00');
    await loansDue('BUSY', 3);
    for (const c of channels()) c.profile = { ...c.profile, maxConcurrency: 0 };
    try {
      await window('10:00');
    } finally {
      for (const c of channels()) c.profile = { ...c.profile, maxConcurrency: 64 };
    }
    const busy = await ordersOf('BUSY');
    expect(busy.map((o) => o.status)).toEqual(Array(6).fill('pending'));
    expect(busy.every((o) => atChannel(o.key).length === 0)).toBe(true);
    h.clock.advance(16_000); // the first query of a pending order
    await h.app.services.debitCompensation.sweep();
    const after = await ordersOf('BUSY');
    expect(after.map((o) => [o.status, o.resends])).toEqual(Array(6).fill(['succeeded', 1]));
    for (const o of after) expect(atChannel(o.key).map((t) => t.status)).toEqual(['success']);
  }, 60_000);

  it('are sent again at most three times; then they wait for the statement or a person', async () => {
    moveTo('2026-03-16T14:00:00+08:00');
    await loansDue('REFUSED', 1);
    for (const c of channels()) c.profile = { ...c.profile, busyRatio: 1 };
    try {
      await window('14:00');
      for (let i = 0; i < 6; i++) {
        h.clock.advance(7300_000 / 4);
        await h.app.services.debitCompensation.sweep();
      }
    } finally {
      for (const c of channels()) c.profile = { ...c.profile, busyRatio: 0 };
    }
    for (let i = 0; i < 3; i++) {
      h.clock.advance(7300_000);
      await h.app.services.debitCompensation.sweep();
    }
    const after = await ordersOf('REFUSED');
    expect(after.map((o) => [o.status, o.resends])).toEqual(Array(2).fill(['manual_review', 3]));
    expect(after.every((o) => atChannel(o.key).length === 0)).toBe(true);
    const events = await q<{ n: number }>(
      `select count(*)::int as n from debit_order_events e join debit_orders d on d.id = e.debit_order_id
         join loans l on l.id = d.loan_id where l.order_no like 'REFUSED-%' and e.raw_code = 'RESEND'`,
    );
    expect(events[0]!.n).toBe(6);
  }, 60_000);

  it('an order the channel acknowledged is never sent again, even if it later says it has none', async () => {
    moveTo('2026-03-16T18:00:00+08:00');
    await loansDue('ACKED', 1, '0099'); // answered "processing"
    await window('18:00');
    const acked = await ordersOf('ACKED');
    expect(acked.map((o) => o.status)).toEqual(['pending', 'pending']);
    // The channel loses them (or its query side does not see them yet).
    for (const o of acked) for (const c of channels()) c.orders.delete(o.key);
    h.clock.advance(16_000);
    await h.app.services.debitCompensation.sweep();
    const after = await ordersOf('ACKED');
    expect(after.map((o) => [o.status, o.resends])).toEqual(Array(2).fill(['pending', 0]));
    expect(after.every((o) => atChannel(o.key).length === 0)).toBe(true);
  }, 60_000);
});
