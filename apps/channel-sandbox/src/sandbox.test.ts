import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { businessDate } from './channel';
import { defaultInstances } from './instances';
import { HEADER_SIGNATURE, HEADER_TIMESTAMP, signedHeaders, verify } from './protocol';
import { buildSandbox, type Sandbox } from './server';
import { DEFAULT_PROFILE } from './state';

let clock = Date.parse('2026-03-15T10:00:00+08:00');
const instances = defaultInstances('test-secret');
let sandbox: Sandbox;
let base: string;

beforeAll(async () => {
  sandbox = await buildSandbox({ instances, now: () => clock });
  base = await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => sandbox.app.close());
beforeEach(() => {
  for (const c of sandbox.channels.values())
    c.profile = { ...structuredClone(DEFAULT_PROFILE), timeoutHoldMs: 800 };
});

const config = (code: string) => instances.find((i) => i.code === code)!;

type SandboxReply = { httpStatus: number; signed: boolean; code: string; msg: string } & Record<
  string,
  unknown
>;

async function call(
  code: string,
  op: string,
  body: unknown,
  opts: { secret?: string; timestampMs?: number; timeoutMs?: number } = {},
): Promise<SandboxReply> {
  const text = JSON.stringify(body);
  const c = config(code);
  const res = await fetch(`${base}/ch/${code}/${op}`, {
    method: 'POST',
    headers: signedHeaders(c.merchant, opts.secret ?? c.secret, text, opts.timestampMs ?? clock),
    body: text,
    signal: opts.timeoutMs ? AbortSignal.timeout(opts.timeoutMs) : undefined,
  });
  const raw = await res.text();
  const signed = verify(
    c.secret,
    res.headers.get(HEADER_TIMESTAMP) ?? '',
    raw,
    res.headers.get(HEADER_SIGNATURE) ?? '',
  );
  return {
    httpStatus: res.status,
    signed,
    ...(JSON.parse(raw) as Record<string, unknown> & { code: string; msg: string }),
  };
}

let seq = 0;
const card = (tail: string) => `6222020200${String(++seq).padStart(2, '0')}01${tail}`.slice(0, 19);

async function bind(code: string, cardNo: string, bankCode = 'ICBC') {
  const pre = await call(code, 'bind/pre', {
    cardNo,
    name: '张三',
    idNo: '110101199003071233',
    mobile: '13800138000',
    bankCode,
  });
  expect(pre.code).toBe(code === 'sandbox-c' ? '00' : '0000');
  const confirmed = await call(code, 'bind/confirm', {
    bindToken: pre.bindToken,
    smsCode: '123456',
  });
  return confirmed.protocolNo as string;
}

describe('binding', () => {
  it('pre-binds, texts code 123456, refuses a wrong code, confirms, and reuses the agreement of a card', async () => {
    const cardNo = card('0000');
    const pre = await call('sandbox-a', 'bind/pre', {
      cardNo,
      name: '张三',
      idNo: '110101199003071233',
      mobile: '13800138000',
      bankCode: 'ICBC',
    });
    expect(pre).toMatchObject({ httpStatus: 200, signed: true, code: '0000' });
    const state = (await (await fetch(`${base}/admin/state`)).json()) as {
      sms: { mobile: string; code: string }[];
    };
    expect(state.sms.at(-1)).toMatchObject({ mobile: '138****8000', code: '123456' });
    expect(
      (await call('sandbox-a', 'bind/confirm', { bindToken: pre.bindToken, smsCode: '000000' }))
        .code,
    ).toBe('BF00501');
    const ok = await call('sandbox-a', 'bind/confirm', {
      bindToken: pre.bindToken,
      smsCode: '123456',
    });
    expect(ok.code).toBe('0000');
    expect(ok.protocolNo).toMatch(/^SANDBOXAP[0-9A-F]{12}$/);
    expect(await bind('sandbox-a', cardNo)).toBe(ok.protocolNo);
    expect((await call('sandbox-a', 'unbind', { protocolNo: ok.protocolNo })).code).toBe('0000');
    expect(
      (
        await call('sandbox-a', 'debit', {
          orderId: 'after-unbind',
          protocolNo: ok.protocolNo,
          amount: 100,
        })
      ).code,
    ).toBe('BF00312');
  });

  it('refuses an unsupported bank', async () => {
    const pre = await call('sandbox-a', 'bind/pre', {
      cardNo: card('0000'),
      name: '张三',
      idNo: '110101199003071233',
      mobile: '13800138000',
      bankCode: 'PSBC',
    });
    expect(pre.code).toBe('BF00402');
  });
});

describe('test cards', () => {
  it.each([
    ['0000', 1_000_00, 'sandbox-a', '0000', 'success'],
    ['0051', 100, 'sandbox-a', 'BF00313', 'failed'],
    ['0054', 100, 'sandbox-a', 'BF00311', 'failed'],
    ['0061', 100, 'sandbox-a', 'BF00315', 'failed'],
    ['0051', 100, 'sandbox-b', '3051', 'failed'],
    ['0054', 100, 'sandbox-c', '14', 'failed'],
    ['0061', 100, 'sandbox-c', '61', 'failed'],
  ])('card *%s debit %i fen on %s → %s', async (tail, amount, code, expected, status) => {
    const protocolNo = await bind(code, card(tail));
    const res = await call(code, 'debit', {
      orderId: `t-${tail}-${code}-${seq}`,
      protocolNo,
      amount,
    });
    expect(res).toMatchObject({ signed: true, code: expected, status });
  });

  it('0099 stays processing, then succeeds on the first query after 2 s; 0098 fails likewise', async () => {
    for (const [tail, final, code] of [
      ['0099', 'success', '0000'],
      ['0098', 'failed', 'BF00313'],
    ] as const) {
      const protocolNo = await bind('sandbox-a', card(tail));
      const orderId = `p-${tail}-${seq}`;
      expect(await call('sandbox-a', 'debit', { orderId, protocolNo, amount: 500 })).toMatchObject({
        code: 'BF00100',
        status: 'processing',
      });
      clock += 1_000;
      expect(await call('sandbox-a', 'query', { orderId })).toMatchObject({ status: 'processing' });
      clock += 1_500;
      expect(await call('sandbox-a', 'query', { orderId })).toMatchObject({ status: final, code });
    }
  });

  it('0097 times out for the caller, yet the debit happened: a query and the statement show it', async () => {
    const cardNo = card('0097');
    const protocolNo = await bind('sandbox-a', cardNo);
    const orderId = `timeout-${seq}`;
    await expect(
      call('sandbox-a', 'debit', { orderId, protocolNo, amount: 12_345 }, { timeoutMs: 200 }),
    ).rejects.toThrow();
    expect(await call('sandbox-a', 'query', { orderId })).toMatchObject({
      status: 'success',
      code: '0000',
      amount: 12_345,
    });
    const headers = signedHeaders(
      config('sandbox-a').merchant,
      config('sandbox-a').secret,
      '',
      clock,
    );
    const csv = await (
      await fetch(`${base}/ch/sandbox-a/statement?date=2026-03-15`, { headers })
    ).text();
    expect(csv.split('\n')[0]).toMatch(/^# channel=sandbox-a,date=2026-03-15/);
    expect(csv).toContain(`${orderId},sandbox-a-20260315-`);
    expect(csv).toMatch(new RegExp(`${orderId},[^,]+,debit,12345,30,success,`));
    expect(csv).toMatch(/# summary,count=\d+,success_count=\d+,success_amount_fen=\d+,fee_fen=\d+/);
  });

  it('other cards succeed until their (deterministic) balance runs out', async () => {
    const protocolNo = await bind('sandbox-b', card('1234'), 'CMB');
    const channel = sandbox.channels.get('sandbox-b')!;
    const cardNo = [...channel.agreements.values()].find(
      (a) => a.protocolNo === protocolNo,
    )!.cardNo;
    const balance = channel.cardBalance(cardNo);
    expect(
      (
        await call('sandbox-b', 'debit', {
          orderId: `bal-1-${seq}`,
          protocolNo,
          amount: balance + 1,
        })
      ).code,
    ).toBe('3051');
    expect(
      (await call('sandbox-b', 'debit', { orderId: `bal-2-${seq}`, protocolNo, amount: balance }))
        .code,
    ).toBe('0000');
    expect(channel.cardBalance(cardNo)).toBe(0);
  });
});

describe('idempotency on the merchant order id', () => {
  it('returns the original answer for the same parameters and a duplicate error otherwise, debiting once', async () => {
    const protocolNo = await bind('sandbox-c', card('0000'));
    const channel = sandbox.channels.get('sandbox-c')!;
    const before = channel.accountBalanceFen;
    const first = await call('sandbox-c', 'debit', {
      orderId: 'idem-1',
      protocolNo,
      amount: 10_000,
    });
    const again = await call('sandbox-c', 'debit', {
      orderId: 'idem-1',
      protocolNo,
      amount: 10_000,
    });
    expect(again.channelSerial).toBe(first.channelSerial);
    expect(again.code).toBe('00');
    expect(channel.accountBalanceFen - before).toBe(10_000 - 30);
    expect(
      (await call('sandbox-c', 'debit', { orderId: 'idem-1', protocolNo, amount: 9_999 })).code,
    ).toBe('94');
  });
});

describe('security and behaviour knobs', () => {
  it('refuses forged and stale requests and changes nothing', async () => {
    const protocolNo = await bind('sandbox-a', card('0000'));
    const forged = await call(
      'sandbox-a',
      'debit',
      { orderId: 'forged', protocolNo, amount: 100 },
      { secret: 'wrong-secret' },
    );
    expect(forged).toMatchObject({ httpStatus: 401, code: 'BF00401' });
    const stale = await call(
      'sandbox-a',
      'debit',
      { orderId: 'stale', protocolNo, amount: 100 },
      { timestampMs: clock - 600_000 },
    );
    expect(stale.httpStatus).toBe(401);
    expect(sandbox.channels.get('sandbox-a')!.orders.has('forged')).toBe(false);
    expect(sandbox.channels.get('sandbox-a')!.orders.has('stale')).toBe(false);
  });

  it('answers maintenance during an outage and busy beyond its concurrency', async () => {
    const channel = sandbox.channels.get('sandbox-a')!;
    const protocolNo = await bind('sandbox-a', card('0000'));
    channel.profile.outage = true;
    expect(
      (await call('sandbox-a', 'debit', { orderId: `out-${seq}`, protocolNo, amount: 100 })).code,
    ).toBe('BF00999');
    // A response held back by the timeout test still counts as in flight.
    await expect.poll(() => channel.inFlight, { timeout: 5_000 }).toBe(0);
    channel.profile = {
      ...channel.profile,
      outage: false,
      maxConcurrency: 1,
      latencyMs: { min: 150, max: 151 },
    };
    channel.peakInFlight = 0;
    channel.busyAnswers = 0;
    const both = await Promise.all(
      [1, 2].map((i) =>
        call('sandbox-a', 'debit', { orderId: `busy-${seq}-${i}`, protocolNo, amount: 100 }),
      ),
    );
    expect(both.map((r) => r.code).sort()).toEqual(['0000', 'BF00112']);
    // It reports the most calls it had at once, and how many it turned away busy.
    expect(channel.peakInFlight).toBe(1);
    expect(channel.busyAnswers).toBe(1);
  });

  it('turns a share of debits away busy whatever the load, making no order of them', async () => {
    const channel = sandbox.channels.get('sandbox-c')!;
    const protocolNo = await bind('sandbox-c', card('0000'));
    channel.profile = { ...channel.profile, busyRatio: 1 };
    const turned = await call('sandbox-c', 'debit', {
      orderId: `turned-${seq}`,
      protocolNo,
      amount: 100,
    });
    expect(turned.code).toBe('96');
    expect(channel.orders.has(`turned-${seq}`)).toBe(false);
    // Queries are answered: the channel has no such order.
    expect((await call('sandbox-c', 'query', { orderId: `turned-${seq}` })).code).toBe('25');
    channel.profile = { ...channel.profile, busyRatio: 0 };
    expect(
      (await call('sandbox-c', 'debit', { orderId: `turned-${seq}`, protocolNo, amount: 100 }))
        .code,
    ).toBe('00');
  });

  it('notifies the merchant, signed, repeated and out of order as configured', async () => {
    const received: { body: string; timestamp: string; signature: string }[] = [];
    const receiver = Fastify();
    receiver.addContentTypeParser('application/json', { parseAs: 'string' }, (_r, b, done) =>
      done(null, b),
    );
    receiver.post('/notify', (req) => {
      received.push({
        body: req.body as string,
        timestamp: String(req.headers[HEADER_TIMESTAMP]),
        signature: String(req.headers[HEADER_SIGNATURE]),
      });
      return { ok: true };
    });
    const url = await receiver.listen({ port: 0, host: '127.0.0.1' });
    try {
      const channel = sandbox.channels.get('sandbox-b')!;
      channel.profile.notify = { duplicates: 2, delayMs: 0, outOfOrder: true };
      const protocolNo = await bind('sandbox-b', card('0000'));
      await call('sandbox-b', 'debit', {
        orderId: `n-${seq}`,
        protocolNo,
        amount: 100,
        notifyUrl: `${url}/notify`,
      });
      await expect.poll(() => received.length, { timeout: 5_000 }).toBe(3);
      expect(
        received.every((r) => verify(config('sandbox-b').secret, r.timestamp, r.body, r.signature)),
      ).toBe(true);
      expect(received.map((r) => (JSON.parse(r.body) as { status: string }).status)).toEqual([
        'success',
        'success',
        'processing',
      ]);
      // Switched off, the channel only answers queries: no notification at all.
      channel.profile.notify = { ...channel.profile.notify, enabled: false };
      await call('sandbox-b', 'debit', {
        orderId: `n-${seq}-quiet`,
        protocolNo,
        amount: 100,
        notifyUrl: `${url}/notify`,
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(received).toHaveLength(3);
    } finally {
      await receiver.close();
    }
  });
});

describe('business date', () => {
  it('is the calendar date in Shanghai: the day turns at 16:00 UTC', () => {
    expect(businessDate(Date.parse('2026-03-14T15:59:59.999Z'))).toBe('2026-03-14');
    expect(businessDate(Date.parse('2026-03-14T16:00:00.000Z'))).toBe('2026-03-15');
    expect(businessDate(Date.parse('2026-12-31T23:30:00+08:00'))).toBe('2026-12-31');
    expect(businessDate(Date.parse('2027-01-01T00:00:00+08:00'))).toBe('2027-01-01');
    // Back to an earlier day and forth again: the remembered day is not returned for another.
    expect(businessDate(Date.parse('2026-12-31T23:59:59.999+08:00'))).toBe('2026-12-31');
    expect(businessDate(Date.parse('2027-01-01T23:59:59.999+08:00'))).toBe('2027-01-01');
    expect(businessDate(Date.parse('2027-01-02T00:00:00+08:00'))).toBe('2027-01-02');
  });
});

describe('privacy', () => {
  it('shows cards and mobiles masked on the admin surface', async () => {
    const state = JSON.stringify(await (await fetch(`${base}/admin/state`)).json());
    expect(state).toMatch(/"cardNo":"622202\*{6}\d{4}"/);
    expect(state).not.toMatch(/6222020200\d{9}/);
    expect(state).not.toContain('13800138000');
  });
});

describe('persistence', () => {
  it('remembers agreements, orders and balances across a restart', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'sandbox-')), 'state.json');
    const first = await buildSandbox({ instances, now: () => clock, stateFile });
    const url = await first.app.listen({ port: 0, host: '127.0.0.1' });
    const signedCall = async (path: string, payload: unknown) => {
      const body = JSON.stringify(payload);
      const res = await fetch(`${url}/ch/sandbox-a/${path}`, {
        method: 'POST',
        headers: {
          ...signedHeaders(config('sandbox-a').merchant, config('sandbox-a').secret, body, clock),
          'content-type': 'application/json',
        },
        body,
      });
      return (await res.json()) as Record<string, unknown>;
    };
    const pre = await signedCall('bind/pre', {
      cardNo: '6222020200112230000',
      name: '张三',
      idNo: '110101199001011234',
      mobile: '13800138000',
      bankCode: 'ICBC',
    });
    const bound = await signedCall('bind/confirm', { bindToken: pre.bindToken, smsCode: '123456' });
    const debit = await signedCall('debit', {
      orderId: 'P-1',
      protocolNo: bound.protocolNo,
      amount: 12_345,
    });
    expect(debit.code).toBe('0000');
    const balance = first.channels.get('sandbox-a')!.accountBalanceFen;
    await first.app.close();

    const second = await buildSandbox({ instances, now: () => clock, stateFile });
    const a = second.channels.get('sandbox-a')!;
    expect(a.agreements.get(String(bound.protocolNo))?.status).toBe('active');
    expect(a.orders.get('P-1')).toMatchObject({ status: 'success', amountFen: 12_345 });
    expect(a.accountBalanceFen).toBe(balance);
    // The next serial continues: no reuse of a channel serial after a restart.
    expect(a.exportState().serial).toBe(first.channels.get('sandbox-a')!.exportState().serial);
    await second.app.close();

    // A seed file is read, never written: what happens afterwards stays in memory.
    const before = readFileSync(stateFile, 'utf8');
    const seeded = await buildSandbox({ instances, now: () => clock, seedFile: stateFile });
    const s = seeded.channels.get('sandbox-a')!;
    expect(s.orders.get('P-1')).toMatchObject({ status: 'success' });
    s.orders.clear();
    await seeded.app.close();
    expect(readFileSync(stateFile, 'utf8')).toBe(before);
  });
});

describe('the in-process transport', () => {
  it('answers exactly like HTTP: signed, the same codes, the same idempotency', async () => {
    const c = config('sandbox-a');
    const body = JSON.stringify({ orderId: 'INPROC-1', protocolNo: 'P-NONE', amount: 100 });
    const viaHttp = await call('sandbox-a', 'query', { orderId: 'INPROC-1' });
    const answer = await sandbox.transport({
      method: 'POST',
      url: `${base}/ch/sandbox-a/debit`,
      headers: signedHeaders(c.merchant, c.secret, body, clock),
      body,
    });
    const text = answer.text;
    expect(
      verify(
        c.secret,
        answer.header(HEADER_TIMESTAMP) ?? '',
        text,
        answer.header(HEADER_SIGNATURE) ?? '',
      ),
    ).toBe(true);
    // An unknown protocol is refused the same way over both carriers.
    const again = await call('sandbox-a', 'debit', JSON.parse(body));
    expect(JSON.parse(text).code).toBe(again.code);
    expect(viaHttp.signed).toBe(true);
  });

  it('refuses a forged request with 401, and what it does not serve', async () => {
    const body = JSON.stringify({ orderId: 'INPROC-2' });
    const forged = await sandbox.transport({
      method: 'POST',
      url: `${base}/ch/sandbox-a/query`,
      headers: signedHeaders(config('sandbox-a').merchant, 'wrong-secret', body, clock),
      body,
    });
    expect(forged.status).toBe(401);
    await expect(
      sandbox.transport({ method: 'GET', url: `${base}/ch/sandbox-a/balance`, headers: {} }),
    ).rejects.toThrow(/not served in-process/);
  });
});
