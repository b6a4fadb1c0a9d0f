// Channel notifications at /callbacks/channels/:code/notify: signature, merchant and
// timestamp are checked before anything is stored; repeats are stored once; the sandbox's
// own pushes (duplicated, then a stale "processing") all verify and reach the listeners.
import { createHmac } from 'node:crypto';
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoLoans } from '../../seed/demo-seed';
import { startHarness, type Harness } from '../../testing/harness';

let sandbox: Sandbox;
let sandboxUrl: string;
let h: Harness;
const heard: { channel: string; orderId: string; resultClass: string; rawCode: string }[] = [];

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  sandboxUrl = await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
  h = await startHarness({ sandboxUrl });
  h.app.services.channelNotifications.onOrderResult((channel, answer) => {
    heard.push({
      channel,
      orderId: answer.data.orderId,
      resultClass: answer.resultClass,
      rawCode: answer.rawCode,
    });
    return Promise.resolve();
  });
});
afterAll(async () => {
  await h.close();
  await sandbox.app.close();
});

const SECRET_A = 'sandbox-secret-a';
function post(body: string, headers: Record<string, string>, code = 'sandbox-a') {
  return fetch(`${h.baseUrl}/callbacks/channels/${code}/notify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}
function signed(body: string, opts: { secret?: string; merchant?: string; atMs?: number } = {}) {
  const ts = String(Math.floor((opts.atMs ?? Date.now()) / 1000));
  return {
    'x-sandbox-merchant': opts.merchant ?? 'M-REPAY-A',
    'x-sandbox-timestamp': ts,
    'x-sandbox-signature': createHmac('sha256', opts.secret ?? SECRET_A)
      .update(`${ts}.${body}`)
      .digest('hex'),
  };
}
const success = JSON.stringify({
  orderId: 'N-1',
  status: 'success',
  code: '0000',
  msg: '交易成功',
  amount: 12_345,
  fee: 30,
  channelSerial: 'BF-1',
});

describe('notification callback', () => {
  it.each([
    ['a wrong secret', signed(success, { secret: 'guess' })],
    ['another merchant', signed(success, { merchant: 'M-OTHER' })],
    ['a replay from ten minutes ago', signed(success, { atMs: Date.now() - 600_000 })],
    ['no signature', { 'x-sandbox-merchant': 'M-REPAY-A' }],
  ])('refuses %s and stores nothing', async (_case, headers) => {
    const res = await post(success, headers);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { field: 'signature' } });
    expect(await h.count('channel_notifications')).toBe(0);
    expect(heard).toHaveLength(0);
  });

  it('refuses a body changed after signing', async () => {
    const res = await post(success.replace('12345', '99999'), signed(success));
    expect(res.status).toBe(401);
    expect(await h.count('channel_notifications')).toBe(0);
  });

  it('answers 404 for an unknown channel', async () => {
    expect((await post(success, signed(success), 'sandbox-z')).status).toBe(404);
  });

  it('stores a verified notification once, however often it comes', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await post(success, signed(success));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ received: true, firstDelivery: i === 0 });
    }
    const stored = await h.app.services.channelNotifications.received('sandbox-a', 'N-1');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      resultClass: 'success',
      rawCode: '0000',
      amount: 12_345n,
      channelSerial: 'BF-1',
    });
    // Listeners hear every delivery: they are idempotent by contract.
    expect(heard.filter((n) => n.orderId === 'N-1')).toHaveLength(3);
  });

  it('classifies an unknown code as pending, never as failed', async () => {
    const odd = JSON.stringify({ orderId: 'N-2', status: 'weird', code: 'ZZ99', msg: '?' });
    expect((await post(odd, signed(odd))).status).toBe(200);
    expect(heard.at(-1)).toMatchObject({ orderId: 'N-2', resultClass: 'pending', rawCode: 'ZZ99' });
  });

  it('receives the sandbox’s own duplicated and out-of-order pushes', async () => {
    await fetch(`${sandboxUrl}/admin/instances/sandbox-b/profile`, {
      method: 'PUT',
      body: JSON.stringify({ notify: { duplicates: 2, delayMs: 0, outOfOrder: true } }),
    });
    await seedDemoLoans(h.app, 2);
    const [loan] = await h.app.database.sql.query<{ order_no: string }>(
      `select order_no from loans where status = 'active' order by id limit 1`,
    );
    await h.bindCard({
      orderNo: loan!.order_no,
      cardNo: '6222020200112131111',
      bankCode: 'CMB',
      mobile: '13800138000',
    });
    const [card] = await h.app.database.sql.query<{ card_id: bigint }>(
      `select card_id from loans where order_no = $1`,
      [loan!.order_no],
    );
    const answer = await h.app.services.channelRouting.sendDebit({
      orderId: 'N-3',
      channelCode: 'sandbox-b',
      cardId: BigInt(card!.card_id),
      bankCode: 'CMB',
      amountFen: 50_000n,
      notifyUrl: `${h.baseUrl}/callbacks/channels/sandbox-b/notify`,
    });
    expect(answer.resultClass).toBe('success');
    await expect
      .poll(() => heard.filter((n) => n.orderId === 'N-3').length, { timeout: 5000 })
      .toBe(3);
    const classes = heard.filter((n) => n.orderId === 'N-3').map((n) => n.resultClass);
    // Two copies of the final result, then a stale "processing" (pending) after it.
    expect(classes).toEqual(['success', 'success', 'pending']);
    const stored = await h.app.services.channelNotifications.received('sandbox-b', 'N-3');
    expect(stored.map((s) => s.resultClass)).toEqual(['success', 'pending']);
  });
});
