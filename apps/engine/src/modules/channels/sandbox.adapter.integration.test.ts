// Adapter contract over real HTTP against the channel sandbox: every test card, on every
// vocabulary, lands in the right result class; unknown stays pending; forgeries are refused.
import { createHmac } from 'node:crypto';
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from './classification';
import { createSandboxAdapter } from './sandbox.adapter';
import type { ChannelAdapter } from './channels.types';

let clock = Date.parse('2026-03-15T10:00:00+08:00');
const now = () => clock;
const instances = defaultInstances('contract-secret');
let sandbox: Sandbox;
const adapters = new Map<string, ChannelAdapter>();

beforeAll(async () => {
  sandbox = await buildSandbox({ instances, now });
  const baseUrl = await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
  for (const i of instances) {
    adapters.set(
      i.code,
      createSandboxAdapter(
        {
          code: i.code,
          baseUrl,
          merchant: i.merchant,
          secret: i.secret,
          vocabulary: i.vocabulary,
          timeoutMs: 400,
        },
        now,
      ),
    );
    sandbox.channels.get(i.code)!.profile.timeoutHoldMs = 900;
  }
});
afterAll(() => sandbox.app.close());

let seq = 0;
async function agreement(code: string, tail: string) {
  const adapter = adapters.get(code)!;
  const cardNo = `62220202${String(++seq).padStart(7, '0')}${tail}`;
  const pre = await adapter.preBind({
    cardNo,
    name: '张三',
    idNo: '110101199003071233',
    mobile: '13800138000',
    bankCode: 'ICBC',
  });
  expect(pre.resultClass).toBe('success');
  const confirmed = await adapter.confirmBind({
    bindToken: pre.data.bindToken!,
    smsCode: '123456',
  });
  expect(confirmed.resultClass).toBe('success');
  return confirmed.data.protocolNo!;
}

describe.each(['sandbox-a', 'sandbox-b', 'sandbox-c'])('sandbox adapter on %s', (code) => {
  it.each([
    ['0000', 'success'],
    ['0051', 'fail_funds'],
    ['0054', 'fail_card'],
    ['0061', 'fail_funds'],
  ] as const)('card *%s debits as %s, keeping the raw code', async (tail, resultClass) => {
    const adapter = adapters.get(code)!;
    const answer = await adapter.debit({
      orderId: `${code}-${tail}-${seq}`,
      protocolNo: await agreement(code, tail),
      amountFen: 10_000n,
    });
    expect(answer.resultClass).toBe(resultClass);
    expect(answer.rawCode).not.toBe('');
    expect(answer.rawMessage).not.toBe('');
  });

  it('0099 and 0098 are pending, then final on query after 2 s', async () => {
    const adapter = adapters.get(code)!;
    for (const [tail, final] of [
      ['0099', 'success'],
      ['0098', 'fail_funds'],
    ] as const) {
      const orderId = `${code}-p${tail}-${seq}`;
      expect(
        (await adapter.debit({ orderId, protocolNo: await agreement(code, tail), amountFen: 500n }))
          .resultClass,
      ).toBe('pending');
      expect((await adapter.query({ orderId })).resultClass).toBe('pending');
      clock += 2_100;
      const settled = await adapter.query({ orderId });
      expect(settled.resultClass).toBe(final);
      expect(settled.data.amountFen).toBe(500n);
    }
  });

  it('0097: our timeout is pending (never failed), and the query finds the success', async () => {
    const adapter = adapters.get(code)!;
    const orderId = `${code}-t-${seq}`;
    const answer = await adapter.debit({
      orderId,
      protocolNo: await agreement(code, '0097'),
      amountFen: 700n,
    });
    expect(answer).toMatchObject({ resultClass: 'pending', rawCode: 'TIMEOUT' });
    expect((await adapter.query({ orderId })).resultClass).toBe('success');
  });

  it('a repeated order id with other parameters is a duplicate; the same parameters replay', async () => {
    const adapter = adapters.get(code)!;
    const protocolNo = await agreement(code, '0000');
    const first = await adapter.debit({ orderId: `${code}-dup`, protocolNo, amountFen: 100n });
    const replay = await adapter.debit({ orderId: `${code}-dup`, protocolNo, amountFen: 100n });
    expect(replay.data.channelSerial).toBe(first.data.channelSerial);
    expect(
      (await adapter.debit({ orderId: `${code}-dup`, protocolNo, amountFen: 101n })).resultClass,
    ).toBe('duplicate');
  });
});

describe('sandbox adapter safety', () => {
  it('classifies unknown codes and unreadable answers as pending', async () => {
    expect(classify('baofoo', 'BF77777')).toBe('pending');
    expect(classify('no-such-vocabulary', '0000')).toBe('pending');
    const wrongSecret = createSandboxAdapter(
      {
        code: 'sandbox-a',
        baseUrl: `http://127.0.0.1:${(sandbox.app.server.address() as { port: number }).port}`,
        merchant: 'M-REPAY-A',
        secret: 'not-the-secret',
        vocabulary: 'baofoo',
        timeoutMs: 400,
      },
      now,
    );
    // The channel refuses our forged request, and we cannot verify its answer: pending, nothing debited.
    const answer = await wrongSecret.debit({ orderId: 'forged-1', protocolNo: 'X', amountFen: 1n });
    expect(answer).toMatchObject({ resultClass: 'pending', rawCode: 'BAD_SIGNATURE' });
    expect(sandbox.channels.get('sandbox-a')!.orders.has('forged-1')).toBe(false);
    const unreachable = createSandboxAdapter(
      {
        code: 'sandbox-a',
        baseUrl: 'http://127.0.0.1:9',
        merchant: 'M',
        secret: 's',
        vocabulary: 'baofoo',
        timeoutMs: 400,
      },
      now,
    );
    expect((await unreachable.query({ orderId: 'x' })).resultClass).toBe('pending');
  });

  it('verifies notifications: a genuine one is classified; forged, stale or foreign ones are refused', () => {
    const a = instances[0]!;
    const adapter = adapters.get(a.code)!;
    const body = JSON.stringify({
      orderId: 'n1',
      status: 'success',
      code: '0000',
      msg: 'ok',
      amount: 100,
    });
    const ts = String(Math.floor(clock / 1000));
    const sig = (secret: string, t = ts) => signNotification(secret, t, body);
    const headers = (over: Record<string, string> = {}) => ({
      'x-sandbox-merchant': a.merchant,
      'x-sandbox-timestamp': ts,
      'x-sandbox-signature': sig(a.secret),
      ...over,
    });
    expect(adapter.verifyNotification({ headers: headers(), body, nowMs: clock })).toMatchObject({
      resultClass: 'success',
      data: { orderId: 'n1', amountFen: 100n },
    });
    expect(
      adapter.verifyNotification({
        headers: headers({ 'x-sandbox-signature': sig('other') }),
        body,
        nowMs: clock,
      }),
    ).toBeNull();
    expect(
      adapter.verifyNotification({
        headers: headers(),
        body: body.replace('100', '999'),
        nowMs: clock,
      }),
    ).toBeNull();
    expect(
      adapter.verifyNotification({ headers: headers(), body, nowMs: clock + 600_000 }),
    ).toBeNull();
    expect(
      adapter.verifyNotification({
        headers: headers({ 'x-sandbox-merchant': 'M-OTHER' }),
        body,
        nowMs: clock,
      }),
    ).toBeNull();
  });

  it('fetches the statement file of a business date', async () => {
    const csv = await adapters.get('sandbox-b')!.fetchStatement('2026-03-15');
    expect(csv.split('\n')[1]).toBe(
      'merchant_order_id,channel_serial,type,amount_fen,fee_fen,status,finished_at',
    );
    expect(csv).toContain('sandbox-b-dup,');
  });
});

function signNotification(secret: string, timestamp: string, body: string) {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

describe.each(['sandbox-a', 'sandbox-b', 'sandbox-c'])(
  'what an answer on %s says about the order at the channel (channelHasOrder)',
  (code) => {
    const adapter = () => adapters.get(code)!;
    const channel = () => sandbox.channels.get(code)!;

    it('a query about an order the channel never got: it has no such order', async () => {
      const answer = await adapter().query({ orderId: `${code}-never-sent` });
      expect(answer.channelHasOrder).toBe(false);
      // The class alone would not tell: "order not found" is a refused query.
      expect(answer.resultClass).toBe('fail_request');
    });

    it('a debit turned away busy made no order; the channel has none afterwards', async () => {
      const protocolNo = await agreement(code, '0000');
      channel().profile.maxConcurrency = 0;
      try {
        const busy = await adapter().debit({
          orderId: `${code}-busy`,
          protocolNo,
          amountFen: 300n,
        });
        expect(busy).toMatchObject({ resultClass: 'pending', channelHasOrder: false });
        // A query turned away busy says nothing about the order.
        expect(
          (await adapter().query({ orderId: `${code}-busy` })).channelHasOrder,
        ).toBeUndefined();
      } finally {
        channel().profile.maxConcurrency = 64;
      }
      expect((await adapter().query({ orderId: `${code}-busy` })).channelHasOrder).toBe(false);
    });

    it('an accepted, answered or duplicate debit, and a query that finds it: the channel has it', async () => {
      const protocolNo = await agreement(code, '0000');
      const orderId = `${code}-held`;
      expect(
        (await adapter().debit({ orderId, protocolNo, amountFen: 400n })).channelHasOrder,
      ).toBe(true);
      expect((await adapter().query({ orderId })).channelHasOrder).toBe(true);
      const duplicate = await adapter().debit({ orderId, protocolNo, amountFen: 401n });
      expect(duplicate).toMatchObject({ resultClass: 'duplicate', channelHasOrder: true });
      const processing = await adapter().debit({
        orderId: `${code}-processing`,
        protocolNo: await agreement(code, '0099'),
        amountFen: 500n,
      });
      expect(processing).toMatchObject({ resultClass: 'pending', channelHasOrder: true });
      const refused = await adapter().debit({
        orderId: `${code}-frozen`,
        protocolNo: await agreement(code, '0054'),
        amountFen: 500n,
      });
      expect(refused).toMatchObject({ resultClass: 'fail_card', channelHasOrder: true });
    });

    it('no answer in time says nothing about the order', async () => {
      const answer = await adapter().debit({
        orderId: `${code}-slow`,
        protocolNo: await agreement(code, '0097'),
        amountFen: 700n,
      });
      expect(answer.rawCode).toBe('TIMEOUT');
      expect(answer.channelHasOrder).toBeUndefined();
    });
  },
);
