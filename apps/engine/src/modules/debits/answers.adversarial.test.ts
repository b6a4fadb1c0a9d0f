// Channel answers that try to move money they should not: another channel's notification for
// an order, an order nobody sent, another amount or serial, a success after the order failed,
// a failure after it succeeded, a frozen card learned late. Each either moves exactly what the
// answer proves or is kept as an anomaly for people, and no money is ever dropped: suspense
// holds exactly the overpayments listed to refund. Notifications are signed here as the
// sandbox's instances sign them (each with its own key), so they pass every signature check.
import { createHmac } from 'node:crypto';
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { fenToYuan } from '@repay/rules';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { moneyViolations } from '../../testing/money-invariants';
import { startHarness, type Harness } from '../../testing/harness';

let sandbox: Sandbox;
let h: Harness;
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);

// Luhn-valid test cards; the sandbox reads the behaviour from the last four digits.
const CARDS = {
  PEND: '6222020200112290099', // pending, success after 2 s
  QUERY: '6222020201112270099', // pending, success after 2 s
  LATE: '6222020200112250051', // insufficient funds
  PAID: '6222020201112230051', // insufficient funds
  OK: '6222020200112270000', // success
  FROZEN: '6222020202112250099', // pending (the test makes it frozen)
  FROZENQ: '6222020203112230099', // pending (the sandbox then answers frozen)
  SETTLE: '6222020202112210051', // insufficient funds
} as const;
type Case = keyof typeof CARDS;
const orderNoOf = (c: Case) => `AX-${c}`;

const INSTANCES = Object.fromEntries(
  defaultInstances().map((i) => [i.code, { merchant: i.merchant, secret: i.secret }]),
);

/** A notification as channel `code` signs it (its own merchant and key). */
function notify(code: string, body: Record<string, unknown>) {
  const text = JSON.stringify(body);
  const ts = String(Math.floor(Date.now() / 1000));
  const { merchant, secret } = INSTANCES[code]!;
  return fetch(`${h.baseUrl}/callbacks/channels/${code}/notify`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-sandbox-merchant': merchant,
      'x-sandbox-timestamp': ts,
      'x-sandbox-signature': createHmac('sha256', secret).update(`${ts}.${text}`).digest('hex'),
    },
    body: text,
  });
}
/** sandbox-a's (baofoo) codes. */
const A = {
  success: { status: 'success', code: '0000', msg: '交易成功' },
  processing: { status: 'processing', code: 'BF00100', msg: '交易处理中' },
  funds: { status: 'failed', code: 'BF00313', msg: '余额不足' },
  frozen: { status: 'failed', code: 'BF00311', msg: '卡状态异常（挂失/冻结）' },
};

interface OrderRow {
  id: bigint;
  key: string;
  status: string;
  amount: bigint;
  channel: string | null;
  serial: string | null;
  installmentId: bigint;
  cardId: bigint;
}
async function orderOf(c: Case, index = 0): Promise<OrderRow> {
  const rows = await q<OrderRow>(
    `select d.id, d.idempotency_key as key, d.status, d.amount, d.channel_code as channel,
            d.channel_serial as serial, d.installment_id as "installmentId", d.card_id as "cardId"
       from debit_orders d join loans l on l.id = d.loan_id where l.order_no = $1 order by d.id`,
    [orderNoOf(c)],
  );
  return rows[index]!;
}
const sandboxOrder = (key: string, channel = 'sandbox-a') =>
  sandbox.channels.get(channel)!.orders.get(key)!;
const anomaliesOf = (where: string, params: unknown[] = []) =>
  q<{
    kind: string;
    channel: string | null;
    orderKey: string | null;
    amount: bigint | null;
    status: string;
    evidence: Record<string, unknown>;
  }>(
    `select kind, channel_code as channel, order_key as "orderKey", amount, status, evidence
       from channel_anomalies where ${where} order by id`,
    params,
  );
const installmentOf = async (id: bigint) =>
  (
    await q<{ status: string; paid: bigint; due: bigint }>(
      `select status, (principal_paid + interest_paid + fee_paid + penalty_paid)::bigint as paid,
              (principal_due + interest_due + fee_due + penalty_due)::bigint as due
         from installments where id = $1`,
      [id],
    )
  )[0]!;
const journalsOf = async (key: string) =>
  (await q(`select 1 from ledger_journals where idempotency_key like $1`, [`%:${key}`])).length;
const eventsOf = (orderId: bigint) =>
  q<{ from: string | null; to: string; rawCode: string | null }>(
    `select from_status as "from", to_status as "to", raw_code as "rawCode"
       from debit_order_events where debit_order_id = $1 order by id`,
    [orderId],
  );
/** The order is due for a compensation query by the engine's clock. */
const dueNow = (orderId: bigint) =>
  q(`update debit_orders set next_query_at = $2 where id = $1`, [orderId, h.clock.now()]);
const suspenseFen = async () =>
  (
    await q<{ fen: bigint }>(
      `select coalesce(-sum(e.amount), 0)::bigint as fen from ledger_entries e
         join ledger_accounts a on a.id = e.account_id where a.code like 'suspense.unallocated:%'`,
    )
  )[0]!.fen;

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  const sandboxUrl = await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
  h = await startHarness({ sandboxUrl });
  // The sandbox keeps its notifications: this file sends each one itself.
  for (const ch of sandbox.channels.values())
    ch.profile = { ...ch.profile, notify: { ...ch.profile.notify, enabled: false } };
  let n = 0;
  for (const c of Object.keys(CARDS) as Case[]) {
    n++;
    const mobile = `1390013800${n}`;
    await h.createLoan({
      orderNo: orderNoOf(c),
      startDate: '2026-02-15',
      // Period 1 is due on the window's date; the settlement case has nothing due yet, and
      // owes less than a channel's single limit.
      firstDueDate: c === 'SETTLE' ? '2026-04-15' : '2026-03-15',
      ...(c === 'SETTLE' ? { principal: '10000.00' } : {}),
      borrower: { name: '王五', idNo: '110101199003071233', mobile },
      card: undefined,
    });
    const { started, bound } = await h.bindCard({
      orderNo: orderNoOf(c),
      cardNo: CARDS[c],
      bankCode: 'ICBC',
      mobile,
    });
    expect({ c, started: started.body, bound: bound.body }).toMatchObject({
      bound: { status: 'bound' },
    });
  }
  const run = await h.app.services.debitRuns.startRun(
    { date: '2026-03-15', window: '10:00' },
    'test',
  );
  await h.app.services.debitRuns.work(run.runId);
}, 120_000);
afterEach(async () => {
  expect(await moneyViolations(q)).toEqual([]);
});
afterAll(async () => {
  await h?.close();
  await sandbox?.app.close();
});

describe('the window sends each loan one debit at sandbox-a', () => {
  it('pending, failed and succeeded as the cards say', async () => {
    expect((await orderOf('PEND')).status).toBe('pending');
    expect((await orderOf('PEND')).channel).toBe('sandbox-a');
    expect((await orderOf('LATE')).status).toBe('failed');
    expect((await orderOf('OK')).status).toBe('succeeded');
    expect((await orderOf('FROZEN')).status).toBe('pending');
    expect(
      await q(`select 1 from debit_orders where status <> 'failed' and loan_id in
      (select id from loans where order_no = 'AX-SETTLE')`),
    ).toHaveLength(0);
  });
});

describe('one channel never settles another channel’s order', () => {
  it('a success signed by sandbox-b for a sandbox-a order changes nothing and is listed once, however often it comes', async () => {
    const order = await orderOf('PEND');
    const body = {
      orderId: order.key,
      ...A.success,
      amount: Number(order.amount),
      fee: 30,
      channelSerial: 'TL-FORGED-1',
    };
    for (let i = 0; i < 2; i++) expect((await notify('sandbox-b', body)).status).toBe(200);
    const after = await orderOf('PEND');
    expect(after.status).toBe('pending');
    expect((await installmentOf(order.installmentId)).paid).toBe(0n);
    expect(await journalsOf(order.key)).toBe(0);
    const listed = await anomaliesOf(`order_key = $1`, [order.key]);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      kind: 'foreign_channel',
      channel: 'sandbox-b',
      amount: order.amount,
      status: 'open',
    });
    expect(listed[0]!.evidence).toMatchObject({
      source: 'notification',
      resultClass: 'success',
      rawCode: '0000',
      channelSerial: 'TL-FORGED-1',
      order: { status: 'pending', channel: 'sandbox-a' },
    });
  });

  it('an order nobody sent, another amount or another serial: each listed, nothing moves', async () => {
    const order = await orderOf('PEND');
    const serial = sandboxOrder(order.key).channelSerial;
    // The pending answer told us the channel's serial: it is kept on the order.
    expect(order.serial).toBe(serial);
    const cases = [
      { orderId: 'W202603151000-999999', amount: Number(order.amount), channelSerial: 'X-1' },
      { orderId: order.key, amount: Number(order.amount) + 1, channelSerial: serial },
      { orderId: order.key, amount: Number(order.amount), channelSerial: `${serial}-OTHER` },
    ];
    for (const c of cases)
      expect((await notify('sandbox-a', { ...c, ...A.success, fee: 30 })).status).toBe(200);
    expect((await orderOf('PEND')).status).toBe('pending');
    expect((await installmentOf(order.installmentId)).paid).toBe(0n);
    expect(await journalsOf(order.key)).toBe(0);
    const kinds = (await anomaliesOf(`channel_code = 'sandbox-a' and kind <> 'overpayment'`)).map(
      (a) => [a.kind, a.orderKey, a.amount],
    );
    expect(kinds).toEqual([
      ['unknown_order', 'W202603151000-999999', order.amount],
      ['amount_mismatch', order.key, order.amount + 1n],
      ['serial_mismatch', order.key, order.amount],
    ]);
  });

  it('a query answer with another amount is listed; the order stays pending and is asked again later', async () => {
    const order = await orderOf('QUERY');
    // The channel's record says it took 1.00 less (settled by now or at this query).
    const held = sandboxOrder(order.key);
    held.amountFen = Number(order.amount) - 100;
    held.resolveAt = Date.now();
    await dueNow(order.id);
    expect(await h.app.services.debitCompensation.sweep()).toBe(1);
    const [row] = await q<{ status: string; next: Date | null }>(
      `select status, next_query_at as next from debit_orders where id = $1`,
      [order.id],
    );
    expect(row!.status).toBe('pending');
    expect(row!.next).not.toBeNull();
    expect((await installmentOf(order.installmentId)).paid).toBe(0n);
    const listed = await anomaliesOf(`order_key = $1`, [order.key]);
    expect(listed.map((a) => [a.kind, a.amount, a.evidence.source])).toEqual([
      ['amount_mismatch', order.amount - 100n, 'query'],
    ]);
  });

  it('the answer that matches (its channel, order, amount and serial) settles it', async () => {
    const order = await orderOf('PEND');
    const body = {
      orderId: order.key,
      ...A.success,
      amount: Number(order.amount),
      fee: 30,
      channelSerial: order.serial,
    };
    expect((await notify('sandbox-a', body)).status).toBe(200);
    expect((await orderOf('PEND')).status).toBe('succeeded');
    expect(await installmentOf(order.installmentId)).toMatchObject({ status: 'paid' });
    // A second delivery of the same success is no anomaly.
    const before = (await anomaliesOf('true')).length;
    expect((await notify('sandbox-a', body)).status).toBe(200);
    expect(await anomaliesOf('true')).toHaveLength(before);
  });
});

describe('answers after the order is final are never dropped', () => {
  it('a success after `failed` is recorded, moves the order to succeeded and pays the open installment', async () => {
    const order = await orderOf('LATE');
    expect(order.status).toBe('failed');
    const serial = sandboxOrder(order.key).channelSerial;
    const body = {
      orderId: order.key,
      ...A.success,
      amount: Number(order.amount),
      fee: 30,
      channelSerial: serial,
    };
    expect((await notify('sandbox-a', body)).status).toBe(200);
    const after = await orderOf('LATE');
    expect(after.status).toBe('succeeded');
    expect((await eventsOf(order.id)).map((e) => `${e.from}→${e.to}`)).toEqual([
      'created→submitted',
      'submitted→failed',
      'failed→succeeded',
    ]);
    const inst = await installmentOf(order.installmentId);
    expect(inst).toMatchObject({ status: 'paid', paid: order.amount });
    expect(await journalsOf(order.key)).toBe(1);
    const listed = await anomaliesOf(`order_key = $1`, [order.key]);
    expect(listed.map((a) => [a.kind, a.amount])).toEqual([['late_success', order.amount]]);
    // Delivered again: nothing more.
    expect((await notify('sandbox-a', body)).status).toBe(200);
    expect(await anomaliesOf(`order_key = $1`, [order.key])).toHaveLength(1);
    expect(await journalsOf(order.key)).toBe(1);
  });

  it('a success after `failed` for an installment paid meanwhile goes to suspense and is listed as an overpayment', async () => {
    const order = await orderOf('PAID');
    // The borrower paid at the counter, in two parts.
    for (const [amount, reference] of [
      ['1000', 'AX-PAID-R1'],
      [fenToYuan(order.amount - 100_000n), 'AX-PAID-R2'],
    ] as const) {
      const paid = await h.api('POST', `/api/v1/loans/${orderNoOf('PAID')}/repayments`, {
        amount,
        paidAt: '2026-03-15T09:30:00+08:00',
        reference,
        method: 'offline',
      });
      expect(paid.status).toBe(201);
    }
    expect(await installmentOf(order.installmentId)).toMatchObject({ status: 'paid' });
    const before = await suspenseFen();
    const serial = sandboxOrder(order.key).channelSerial;
    await notify('sandbox-a', {
      orderId: order.key,
      ...A.success,
      amount: Number(order.amount),
      fee: 30,
      channelSerial: serial,
    });
    expect((await orderOf('PAID')).status).toBe('succeeded');
    expect((await installmentOf(order.installmentId)).paid).toBe(order.amount);
    expect((await suspenseFen()) - before).toBe(order.amount);
    const listed = await anomaliesOf(`order_key = $1`, [order.key]);
    expect(listed.map((a) => [a.kind, a.amount, a.status])).toEqual([
      ['late_success', order.amount, 'open'],
      ['overpayment', order.amount, 'open'],
    ]);
  });

  it('a failure after `succeeded`, or a success for another amount, is listed as contradicting and changes nothing', async () => {
    const order = await orderOf('OK');
    const serial = sandboxOrder(order.key).channelSerial;
    const base = {
      orderId: order.key,
      amount: Number(order.amount),
      fee: 30,
      channelSerial: serial,
    };
    await notify('sandbox-a', { ...base, ...A.funds });
    await notify('sandbox-a', { ...base, ...A.success, amount: Number(order.amount) + 500 });
    // A stale "processing" and the same success again are no news.
    await notify('sandbox-a', { ...base, ...A.processing });
    await notify('sandbox-a', { ...base, ...A.success });
    expect((await orderOf('OK')).status).toBe('succeeded');
    expect(await journalsOf(order.key)).toBe(1);
    expect(await installmentOf(order.installmentId)).toMatchObject({ paid: order.amount });
    const listed = await anomaliesOf(`order_key = $1`, [order.key]);
    expect(listed.map((a) => [a.kind, a.amount, a.evidence.resultClass])).toEqual([
      ['contradicting_answer', order.amount, 'fail_funds'],
      ['contradicting_answer', order.amount + 500n, 'success'],
    ]);
  });

  it('a settlement debit’s success after it failed settles the loan at its quote', async () => {
    const quote = await h.api('GET', `/api/v1/loans/${orderNoOf('SETTLE')}/settlement-quote`);
    expect(quote.status).toBe(200);
    const settled = await h.api('POST', `/api/v1/loans/${orderNoOf('SETTLE')}/settle`, {
      quoteId: quote.body.quoteId,
      method: 'debit',
      reference: 'AX-SETTLE-1',
    });
    expect(settled.body.status).toBe('failed');
    const order = await orderOf('SETTLE');
    expect(order.status).toBe('failed');
    const channel = order.channel!;
    expect(channel).not.toBeNull();
    const serial = sandboxOrder(order.key, channel).channelSerial;
    const success = { 'sandbox-b': '0000', 'sandbox-c': '00' }[channel] ?? '0000';
    await notify(channel, {
      orderId: order.key,
      status: 'success',
      code: success,
      msg: 'ok',
      amount: Number(order.amount),
      fee: 30,
      channelSerial: serial,
    });
    expect((await orderOf('SETTLE')).status).toBe('succeeded');
    const [loan] = await q<{ status: string }>(`select status from loans where order_no = $1`, [
      orderNoOf('SETTLE'),
    ]);
    expect(loan!.status).toBe('settled');
    expect((await anomaliesOf(`order_key = $1`, [order.key])).map((a) => a.kind)).toEqual([
      'late_success',
    ]);
  });

  it('suspense holds exactly the overpayments listed to refund', async () => {
    const open = await anomaliesOf(`kind = 'overpayment' and status = 'open'`);
    expect(open.length).toBeGreaterThan(0);
    expect(await suspenseFen()).toBe(open.reduce((s, a) => s + a.amount!, 0n));
  });
});

describe('a frozen card is suspended however its answer arrives', () => {
  it('by notification: the order fails, the agreement is suspended, the next window leaves the card alone', async () => {
    const order = await orderOf('FROZEN');
    const serial = sandboxOrder(order.key).channelSerial;
    await notify('sandbox-a', {
      orderId: order.key,
      ...A.frozen,
      amount: Number(order.amount),
      channelSerial: serial,
    });
    expect((await orderOf('FROZEN')).status).toBe('failed');
    const agreements = await q<{ channel: string; status: string }>(
      `select channel_code as channel, status from card_agreements where card_id = $1 order by channel_code`,
      [order.cardId],
    );
    expect(agreements.find((a) => a.channel === 'sandbox-a')?.status).toBe('suspended');
    expect(
      await h.count(
        `outbox_events where topic = 'agreement.suspended' and aggregate_id = '${order.cardId}'`,
      ),
    ).toBe(1);
    // The next day's window: every other open installment is asked for, this card is not.
    h.clock.advance(24 * 3600_000);
    const run = await h.app.services.debitRuns.startRun(
      { date: '2026-03-16', window: '10:00' },
      'test',
    );
    await h.app.services.debitRuns.work(run.runId);
    const orders = await q(`select 1 from debit_orders where card_id = $1`, [order.cardId]);
    expect(orders).toHaveLength(1);
    h.clock.advance(-24 * 3600_000);
  });

  it('by query: the same', async () => {
    const order = await orderOf('FROZENQ');
    expect(order.status).toBe('pending');
    // The channel's record: the card turned out frozen.
    Object.assign(sandboxOrder(order.key), {
      status: 'failed',
      outcome: 'CARD_FROZEN',
      finalOutcome: 'CARD_FROZEN',
      resolveAt: null,
      finishedAt: Date.now(),
    });
    await dueNow(order.id);
    expect(await h.app.services.debitCompensation.sweep()).toBe(1);
    expect((await orderOf('FROZENQ')).status).toBe('failed');
    const [agreement] = await q<{ status: string }>(
      `select status from card_agreements where card_id = $1 and channel_code = 'sandbox-a'`,
      [order.cardId],
    );
    expect(agreement!.status).toBe('suspended');
  });
});

describe('events carry money as yuan with two places', () => {
  it('debit.succeeded: the amount and what no installment owed', async () => {
    const ok = await orderOf('OK');
    const paid = await orderOf('PAID');
    const payload = async (key: string) =>
      (
        await q<{ payload: Record<string, unknown> }>(
          `select payload from outbox_events where event_id = $1`,
          [`debit.succeeded:${key}`],
        )
      )[0]!.payload;
    const yuan = (fen: bigint) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;
    expect(await payload(ok.key)).toMatchObject({
      amount: yuan(ok.amount),
      unallocated: '0.00',
    });
    expect(await payload(paid.key)).toMatchObject({
      amount: yuan(paid.amount),
      unallocated: yuan(paid.amount),
    });
    expect(yuan(ok.amount)).toBe('8884.88');
  });

  it('repayment.received: the amount as "1000.00" whatever the caller wrote', async () => {
    const [row] = await q<{ payload: Record<string, unknown> }>(
      `select payload from outbox_events where event_id = 'repayment.received:AX-PAID-R1'`,
    );
    expect(row!.payload.amount).toBe('1000.00');
  });
});
