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

describe('payouts', () => {
  // Payee accounts by their last four digits, like the debit test cards.
  const account = (tail: string) => `621700${String(++seq).padStart(8, '0')}${tail}`;
  const feeOf = (code: string, amount: number) => {
    const { perMille, minFen } = config(code).fee;
    return Math.max(minFen, Math.floor((amount * perMille) / 1000));
  };
  const payout = (
    code: string,
    orderId: string,
    accountNo: string,
    amount: number,
    opts: { notifyUrl?: string; timeoutMs?: number } = {},
  ) =>
    call(
      code,
      'payout',
      {
        orderId,
        accountNo,
        accountName: '李四',
        bankCode: 'CCB',
        amount,
        ...(opts.notifyUrl ? { notifyUrl: opts.notifyUrl } : {}),
      },
      { timeoutMs: opts.timeoutMs },
    );
  const setBalance = (code: string, body: unknown) =>
    fetch(`${base}/admin/instances/${code}/balance`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const balanceOf = (code: string) => sandbox.channels.get(code)!.accountBalanceFen;
  const statement = async (code: string, date: string) =>
    (
      await fetch(`${base}/ch/${code}/statement?date=${date}`, {
        headers: signedHeaders(config(code).merchant, config(code).secret, '', clock),
      })
    ).text();

  // The exact codes each vocabulary answers: success, insufficient funds (0051, like the
  // debit card 0051), a frozen or invalid account (0054, the card-class failure).
  const CODES = {
    'sandbox-a': { ok: '0000', processing: 'BF00100', funds: 'BF00313', account: 'BF00311' },
    'sandbox-b': { ok: '0000', processing: '2000', funds: '3051', account: '3054' },
    'sandbox-c': { ok: '00', processing: '05', funds: '51', account: '14' },
  } as const;
  type Code = keyof typeof CODES;

  it.each(
    (Object.keys(CODES) as Code[]).flatMap((code) => [
      ['0000', code, CODES[code].ok, 'success'] as const,
      ['0051', code, CODES[code].funds, 'failed'] as const,
      ['0054', code, CODES[code].account, 'failed'] as const,
      // The debit limit card's tail is an ordinary account for payouts.
      ['0061', code, CODES[code].ok, 'success'] as const,
    ]),
  )(
    'account *%s on %s → %s %s; money moves only on success',
    async (tail, code, expected, status) => {
      expect((await setBalance(code, { balance: 1_000_000_00 })).status).toBe(200);
      const res = await payout(code, `po-${tail}-${seq}`, account(tail), 12_345);
      const fee = status === 'success' ? feeOf(code, 12_345) : 0;
      expect(res).toMatchObject({ signed: true, code: expected, status, amount: 12_345, fee });
      expect(balanceOf(code)).toBe(1_000_000_00 - (status === 'success' ? 12_345 + fee : 0));
    },
  );

  it('an ordinary account is paid while the merchant balance covers amount + fee, else insufficient funds', async () => {
    const fee = feeOf('sandbox-b', 50_000);
    expect(fee).toBe(50);
    await setBalance('sandbox-b', { balance: 50_000 + fee });
    const paid = await payout('sandbox-b', `bal-po-1-${seq}`, account('4321'), 50_000);
    expect(paid).toMatchObject({ code: '0000', status: 'success', fee });
    expect(balanceOf('sandbox-b')).toBe(0);
    const refused = await payout('sandbox-b', `bal-po-2-${seq}`, account('4321'), 1);
    expect(refused).toMatchObject({ code: '3051', status: 'failed', fee: 0 });
    expect(balanceOf('sandbox-b')).toBe(0);
    // One fen short of amount + fee is short.
    await setBalance('sandbox-c', { balance: 10_000 + feeOf('sandbox-c', 10_000) - 1 });
    const short = `bal-po-3-${seq}`;
    expect(await payout('sandbox-c', short, account('5555'), 10_000)).toMatchObject({
      code: '51',
      status: 'failed',
    });
    expect(await call('sandbox-c', 'query', { orderId: short })).toMatchObject({
      code: '51',
      status: 'failed',
    });
    expect(balanceOf('sandbox-c')).toBe(10_000 + feeOf('sandbox-c', 10_000) - 1);
  });

  it('holds back the money of pending payouts: a second one the rest does not cover is refused', async () => {
    const channel = sandbox.channels.get('sandbox-a')!;
    channel.profile.pendingRatio = 1;
    const each = 20_000 + feeOf('sandbox-a', 20_000);
    await setBalance('sandbox-a', { balance: 2 * each - 1 });
    const [one, two] = [`hold-1-${seq}`, `hold-2-${seq}`];
    const first = await payout('sandbox-a', one, account('7777'), 20_000);
    expect(first).toMatchObject({ code: 'BF00100', status: 'processing' });
    expect(balanceOf('sandbox-a')).toBe(2 * each - 1);
    // Answered "processing" too, but it will fail: what is left does not cover it.
    const second = await payout('sandbox-a', two, account('7777'), 20_000);
    expect(second).toMatchObject({ code: 'BF00100', status: 'processing' });
    clock += 2_500;
    expect(await call('sandbox-a', 'query', { orderId: one })).toMatchObject({
      code: '0000',
      status: 'success',
    });
    expect(await call('sandbox-a', 'query', { orderId: two })).toMatchObject({
      code: 'BF00313',
      status: 'failed',
    });
    expect(balanceOf('sandbox-a')).toBe(each - 1);
  });

  it('0099 stays processing, then is paid on the first query after 2 s and notified; 0098 fails likewise', async () => {
    const received: Record<string, unknown>[] = [];
    const receiver = Fastify();
    receiver.post('/notify', (req) => {
      received.push(req.body as Record<string, unknown>);
      return { ok: true };
    });
    const url = await receiver.listen({ port: 0, host: '127.0.0.1' });
    try {
      await setBalance('sandbox-b', { balance: 1_000_000 });
      const fee = feeOf('sandbox-b', 80_000);
      for (const [tail, final, code, after] of [
        ['0099', 'success', '0000', 1_000_000 - 80_000 - fee],
        ['0098', 'failed', '3051', 1_000_000 - 80_000 - fee],
      ] as const) {
        const orderId = `po-pending-${tail}-${seq}`;
        expect(
          await payout('sandbox-b', orderId, account(tail), 80_000, {
            notifyUrl: `${url}/notify`,
          }),
        ).toMatchObject({ code: '2000', status: 'processing', fee: 0 });
        clock += 1_000;
        expect(await call('sandbox-b', 'query', { orderId })).toMatchObject({
          code: '2000',
          status: 'processing',
        });
        expect(balanceOf('sandbox-b')).toBe(tail === '0099' ? 1_000_000 : after);
        clock += 1_500;
        expect(await call('sandbox-b', 'query', { orderId })).toMatchObject({
          code,
          status: final,
          fee: final === 'success' ? fee : 0,
        });
        expect(balanceOf('sandbox-b')).toBe(after);
        await expect
          .poll(() => received.find((n) => n.orderId === orderId), { timeout: 5_000 })
          .toMatchObject({ status: final, code, amount: 80_000 });
      }
    } finally {
      await receiver.close();
    }
  });

  it('0097 times out for the caller, yet the payout was made: a query and the statement show it', async () => {
    await setBalance('sandbox-c', { balance: 1_000_000 });
    const orderId = `po-timeout-${seq}`;
    await expect(
      payout('sandbox-c', orderId, account('0097'), 33_333, { timeoutMs: 200 }),
    ).rejects.toThrow();
    const fee = feeOf('sandbox-c', 33_333);
    expect(fee).toBe(99);
    expect(await call('sandbox-c', 'query', { orderId })).toMatchObject({
      code: '00',
      status: 'success',
      amount: 33_333,
      fee,
    });
    expect(balanceOf('sandbox-c')).toBe(1_000_000 - 33_333 - fee);
    expect(await statement('sandbox-c', businessDate(clock))).toMatch(
      new RegExp(`\\n${orderId},sandbox-c-\\d{8}-\\d{8},payout,33333,99,success,`),
    );
  });

  it('replays the same order id with the same parameters, paying once; other parameters are a duplicate', async () => {
    await setBalance('sandbox-a', { balance: 1_000_000 });
    const accountNo = account('0000');
    const orderId = `po-idem-${seq}`;
    const first = await payout('sandbox-a', orderId, accountNo, 10_000);
    const again = await payout('sandbox-a', orderId, accountNo, 10_000);
    expect(again).toMatchObject({ code: '0000', status: 'success' });
    expect(again.channelSerial).toBe(first.channelSerial);
    expect(balanceOf('sandbox-a')).toBe(1_000_000 - 10_000 - feeOf('sandbox-a', 10_000));
    expect((await payout('sandbox-a', orderId, accountNo, 9_999)).code).toBe('BF00201');
    expect((await payout('sandbox-a', orderId, account('0000'), 10_000)).code).toBe('BF00201');
    // A pending one replays as pending: the same order, not a second payout.
    const pendingId = `po-idem-pending-${seq}`;
    const pendingAccount = account('0099');
    await payout('sandbox-a', pendingId, pendingAccount, 500);
    expect(await payout('sandbox-a', pendingId, pendingAccount, 500)).toMatchObject({
      code: 'BF00100',
      status: 'processing',
    });
    clock += 2_500;
    expect(await call('sandbox-a', 'query', { orderId: pendingId })).toMatchObject({
      code: '0000',
      status: 'success',
    });
    expect(balanceOf('sandbox-a')).toBe(
      1_000_000 - 10_000 - feeOf('sandbox-a', 10_000) - 500 - feeOf('sandbox-a', 500),
    );
  });

  it('turns a share of payouts away busy, making no order of them', async () => {
    const channel = sandbox.channels.get('sandbox-c')!;
    channel.profile = { ...channel.profile, busyRatio: 1 };
    const orderId = `po-busy-${seq}`;
    expect((await payout('sandbox-c', orderId, account('0000'), 100)).code).toBe('96');
    expect(channel.orders.has(orderId)).toBe(false);
  });

  it('sets the merchant balance through the admin surface and refuses bad input naming the field', async () => {
    const res = await setBalance('sandbox-b', { balance: 123_456_789 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ balance: 123_456_789 });
    const state = (await (await fetch(`${base}/admin/state`)).json()) as {
      instances: { code: string; accountBalance: number }[];
    };
    expect(state.instances.find((i) => i.code === 'sandbox-b')!.accountBalance).toBe(123_456_789);
    // The channel's own signed balance says the same.
    const signedBalance = await fetch(`${base}/ch/sandbox-b/balance`, {
      headers: signedHeaders(config('sandbox-b').merchant, config('sandbox-b').secret, '', clock),
    });
    expect(await signedBalance.json()).toMatchObject({ code: '0000', balance: 123_456_789 });
    // Zero is a balance.
    expect((await setBalance('sandbox-b', { balance: 0 })).status).toBe(200);
    expect(balanceOf('sandbox-b')).toBe(0);

    for (const bad of [
      { balance: -1 },
      { balance: 10.5 },
      { balance: '100' },
      { balance: 2 ** 53 },
      {},
    ]) {
      const refused = await setBalance('sandbox-b', bad);
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: string }).error).toMatch(/^balance: /);
    }
    const notJson = await setBalance('sandbox-b', '{"balance":');
    expect(notJson.status).toBe(400);
    expect(balanceOf('sandbox-b')).toBe(0);
    expect((await setBalance('sandbox-z', { balance: 1 })).status).toBe(404);
  });

  it('keeps a set balance across a restart', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'sandbox-')), 'state.json');
    const first = await buildSandbox({ instances, now: () => clock, stateFile });
    const url = await first.app.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${url}/admin/instances/sandbox-c/balance`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ balance: 4_242 }),
    });
    expect(res.status).toBe(200);
    await first.app.close();
    const second = await buildSandbox({ instances, now: () => clock, stateFile });
    expect(second.channels.get('sandbox-c')!.accountBalanceFen).toBe(4_242);
    await second.app.close();
  });

  it('lists the day’s payouts in the T+1 statement with their fees, and sums them in the summary', async () => {
    // A day of its own: what earlier tests left pending resolves the evening before.
    clock = Date.parse('2026-03-19T23:00:00+08:00');
    for (const c of sandbox.channels.values()) c.settleDue();
    clock = Date.parse('2026-03-20T09:00:00+08:00');
    const date = '2026-03-20';
    const code = 'sandbox-a';
    await setBalance(code, { balance: 1_000_000 });
    const protocolNo = await bind(code, card('0000'));
    const ids = {
      debit: `st-debit-${seq}`,
      paid: `st-paid-${seq}`,
      short: `st-short-${seq}`,
      frozen: `st-frozen-${seq}`,
      later: `st-later-${seq}`,
      waiting: `st-waiting-${seq}`,
    };
    expect(
      (await call(code, 'debit', { orderId: ids.debit, protocolNo, amount: 70_000 })).code,
    ).toBe('0000');
    expect((await payout(code, ids.paid, account('0000'), 25_000)).code).toBe('0000');
    expect((await payout(code, ids.short, account('0051'), 1_000)).code).toBe('BF00313');
    expect((await payout(code, ids.frozen, account('0054'), 2_000)).code).toBe('BF00311');
    expect((await payout(code, ids.later, account('0099'), 60_000)).code).toBe('BF00100');
    clock += 2_500;
    expect((await call(code, 'query', { orderId: ids.later })).code).toBe('0000');
    // Still processing at the end of the day: not in the file.
    expect((await payout(code, ids.waiting, account('0099'), 9_000)).code).toBe('BF00100');

    const lines = (await statement(code, date)).split('\n');
    expect(lines[0]).toBe(`# channel=${code},date=${date},rows=5`);
    expect(lines[1]).toBe(
      'merchant_order_id,channel_serial,type,amount_fen,fee_fen,status,finished_at',
    );
    const rows = lines
      .slice(2, -2)
      .map((l) => l.split(','))
      .map(([orderId, , type, amount, fee, status]) => ({
        orderId,
        type,
        amount: Number(amount),
        fee: Number(fee),
        status,
      }));
    expect(rows).toEqual([
      { orderId: ids.debit, type: 'debit', amount: 70_000, fee: 140, status: 'success' },
      { orderId: ids.paid, type: 'payout', amount: 25_000, fee: 50, status: 'success' },
      { orderId: ids.short, type: 'payout', amount: 1_000, fee: 0, status: 'failed' },
      { orderId: ids.frozen, type: 'payout', amount: 2_000, fee: 0, status: 'failed' },
      { orderId: ids.later, type: 'payout', amount: 60_000, fee: 120, status: 'success' },
    ]);
    // Success lines of both kinds, amounts and fees as the lines say.
    expect(lines.at(-2)).toBe(
      '# summary,count=5,success_count=3,success_amount_fen=155000,fee_fen=310',
    );
    expect(lines.at(-1)).toBe('');
    // The balance: the debit in less its fee, the two payouts out with theirs.
    expect(balanceOf(code)).toBe(1_000_000 + 70_000 - 140 - (25_000 + 50) - (60_000 + 120));
  });
});
