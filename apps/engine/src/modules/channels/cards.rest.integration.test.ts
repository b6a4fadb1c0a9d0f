// docs/api.md "Cards" end to end: the engine binds a demo loan's card at the channels its routing
// rule names, over real HTTP to the channel sandbox, and keeps protocol numbers encrypted.
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { luhnCardNo } from '@repay/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoLoans } from '../../seed/demo-seed';
import { startHarness, type Harness } from '../../testing/harness';

let sandbox: Sandbox;
let h: Harness;
let orderNo: string;
let sandboxUrl: string;

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  sandboxUrl = await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
  h = await startHarness({ sandboxUrl });
  await seedDemoLoans(h.app, 6);
  const [loan] = await h.app.database.sql.query<{ order_no: string }>(
    `select order_no from loans where status = 'active' order by id limit 1`,
  );
  orderNo = loan!.order_no;
});
afterAll(async () => {
  await h.close();
  await sandbox.app.close();
});

const bind = (body: Record<string, unknown>) =>
  h.api('POST', '/api/v1/cards/bind', {
    orderNo,
    cardNo: '6222020200112430000',
    bankCode: 'ICBC',
    mobile: '13800138000',
    ...body,
  });

const smsSent = async () =>
  ((await (await fetch(`${sandboxUrl}/admin/state`)).json()) as { sms: unknown[] }).sms.length;

describe('card binding over REST', () => {
  it('sends codes at every channel of the routing rule, then binds with the SMS code', async () => {
    const started = await bind({});
    expect(started.status).toBe(200);
    expect(started.body).toEqual({
      bindingId: expect.stringMatching(/^bnd_\d+$/),
      status: 'sms_sent',
    });
    const { bindingId } = started.body as { bindingId: string };
    // Asking again while the binding is open returns it, without a second SMS.
    const smsBefore = await smsSent();
    expect((await bind({})).body).toEqual(started.body);
    expect(await smsSent()).toBe(smsBefore);

    const wrong = await h.api('POST', `/api/v1/cards/bind/${bindingId}/confirm`, {
      smsCode: '000000',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ error: { field: 'smsCode' } });

    const confirmed = await h.api('POST', `/api/v1/cards/bind/${bindingId}/confirm`, {
      smsCode: '123456',
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({
      bindingId,
      status: 'bound',
      agreements: [
        { channel: 'sandbox-a', status: 'active' },
        { channel: 'sandbox-b', status: 'active' },
        { channel: 'sandbox-c', status: 'active' },
      ],
    });
    // Each channel holds one agreement for the card; ours are encrypted at rest.
    for (const c of sandbox.channels.values()) expect(c.agreements.size).toBe(1);
    const stored = await h.app.database.sql.query<{ protocol_no_enc: string }>(
      `select protocol_no_enc from card_agreements`,
    );
    const protocolNos = [...sandbox.channels.values()].flatMap((c) => [...c.agreements.keys()]);
    expect(stored).toHaveLength(3);
    for (const row of stored)
      for (const p of protocolNos) expect(row.protocol_no_enc).not.toContain(p);
    // The loan now debits this card, shown masked.
    const loan = await h.api('GET', `/api/v1/loans/${orderNo}`);
    expect(JSON.stringify(loan.body)).not.toContain('6222020200112430000');

    const again = await h.api('POST', `/api/v1/cards/bind/${bindingId}/confirm`, {
      smsCode: '123456',
    });
    expect(again).toEqual(confirmed);
  });

  it('refuses bad input, naming the field, and stores nothing', async () => {
    const before = await h.count('card_bindings');
    const smsBefore = await smsSent();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ bankCode: 'NOPE' }, 400, 'bankCode'],
      [{ cardNo: '1234' }, 400, 'cardNo'],
      // One digit off a good number: fails the Luhn check, so no channel is asked.
      [{ cardNo: '6222020200112440000' }, 400, 'cardNo'],
      [{ mobile: '12345' }, 400, 'mobile'],
      [{ orderNo: 'NO-SUCH-ORDER' }, 404, 'orderNo'],
      [{ bankCode: 'CITIC' }, 422, 'bankCode'],
    ];
    for (const [body, status, field] of cases) {
      const res = await bind(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body).toMatchObject({ error: { field } });
    }
    expect(await h.count('card_bindings')).toBe(before);
    expect(await smsSent()).toBe(smsBefore);
    const unknown = await h.api('POST', '/api/v1/cards/bind/bnd_999999/confirm', {
      smsCode: '123456',
    });
    expect(unknown.status).toBe(404);
  });
});

describe('channels in the console', () => {
  it('lists the registry with agreements and no secrets; ops switches a channel down (audited) and binding skips it', async () => {
    const ops = await h.callerAs('ops');
    const list = await ops.channels.list();
    expect(list.map((c) => c.code)).toEqual(['sandbox-a', 'sandbox-b', 'sandbox-c']);
    expect(list.every((c) => c.agreements === 1)).toBe(true);
    expect(JSON.stringify(list)).not.toMatch(/secret/i);

    const auditor = await h.callerAs('auditor');
    await expect(
      auditor.channels.setStatus({ code: 'sandbox-a', status: 'down', reason: '通道故障' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await ops.channels.setStatus({ code: 'sandbox-a', status: 'down', reason: '通道故障' });
    const audit = await h.app.database.sql.query<{ reason: string }>(
      `select reason from audit_log where action = 'channel.status'`,
    );
    expect(audit).toEqual([{ reason: '通道故障' }]);

    const started = await bind({ cardNo: '6222020200112840000' });
    const confirmed = await h.api(
      'POST',
      `/api/v1/cards/bind/${(started.body as { bindingId: string }).bindingId}/confirm`,
      { smsCode: '123456' },
    );
    expect(
      (confirmed.body as { agreements: { channel: string }[] }).agreements.map((a) => a.channel),
    ).toEqual(['sandbox-b', 'sandbox-c']);
    await ops.channels.setStatus({ code: 'sandbox-a', status: 'up', reason: '恢复' });
  });

  it("shows a loan's cards and agreements, masked", async () => {
    const ops = await h.callerAs('ops');
    const cards = await ops.channels.forLoan({ orderNo });
    expect(cards[0]).toMatchObject({
      cardNo: '622202******0000',
      bankCode: 'ICBC',
      current: true,
    });
    expect(cards[0]!.agreements.map((a) => a.channel)).toEqual(['sandbox-b', 'sandbox-c']);
    expect(JSON.stringify(cards)).not.toContain('6222020200112840000');
  });
});

describe('agreements after a card failure', () => {
  it('suspends the agreement on fail_card once (idempotent), and binding again reactivates it', async () => {
    const [card] = await h.app.database.sql.query<{ id: bigint }>(
      `select c.id from cards c join loans l on l.card_id = c.id where l.order_no = $1`,
      [orderNo],
    );
    const failure = {
      resultClass: 'fail_card' as const,
      rawCode: 'BF00311',
      rawMessage: '卡状态异常',
      data: {},
    };
    const actor = { type: 'system' as const, id: 'test' };
    expect(
      await h.app.services.cards.suspendOnCardFailure(card!.id, 'sandbox-b', failure, actor),
    ).toEqual({ suspended: true });
    expect(
      await h.app.services.cards.suspendOnCardFailure(card!.id, 'sandbox-b', failure, actor),
    ).toEqual({ suspended: false });
    await expect(
      h.app.services.cards.suspendOnCardFailure(
        card!.id,
        'sandbox-c',
        { ...failure, resultClass: 'fail_funds' },
        actor,
      ),
    ).rejects.toThrow(/only fail_card/);
    const ops = await h.callerAs('ops');
    const agreements = (await ops.channels.forLoan({ orderNo }))[0]!.agreements;
    expect(agreements.find((a) => a.channel === 'sandbox-b')?.status).toBe('suspended');
    const events = await h.app.database.sql.query<{ topic: string }>(
      `select topic from outbox_events where topic = 'agreement.suspended'`,
    );
    expect(events).toHaveLength(1);

    const started = await bind({ cardNo: '6222020200112840000' });
    await h.api(
      'POST',
      `/api/v1/cards/bind/${(started.body as { bindingId: string }).bindingId}/confirm`,
      { smsCode: '123456' },
    );
    const after = (await ops.channels.forLoan({ orderNo }))[0]!.agreements;
    expect(after.find((a) => a.channel === 'sandbox-b')?.status).toBe('active');
  });
});

describe('unknown channel answers during binding', () => {
  it('records a pending pre-bind as unknown, never failed, and binds at the channels that answered', async () => {
    const channel = sandbox.channels.get('sandbox-c')!;
    channel.profile = { ...channel.profile, maxConcurrency: 0 }; // every request: "busy" (pending)
    try {
      const started = await bind({ cardNo: '6222020200112350000' });
      expect(started.status).toBe(200);
      const attempts = await h.app.database.sql.query<{
        channel_code: string;
        status: string;
        raw_code: string;
      }>(
        `select channel_code, status, raw_code from card_binding_attempts
          where binding_id = $1 order by channel_code`,
        [BigInt((started.body as { bindingId: string }).bindingId.slice(4))],
      );
      expect(attempts.find((a) => a.channel_code === 'sandbox-c')).toEqual({
        channel_code: 'sandbox-c',
        status: 'unknown',
        raw_code: '96',
      });
      const confirmed = await h.api(
        'POST',
        `/api/v1/cards/bind/${(started.body as { bindingId: string }).bindingId}/confirm`,
        { smsCode: '123456' },
      );
      expect(
        (confirmed.body as { agreements: { channel: string }[] }).agreements.map((a) => a.channel),
      ).toEqual(['sandbox-a', 'sandbox-b']);
    } finally {
      channel.profile = { ...channel.profile, maxConcurrency: 64 };
    }
  });
});

describe('unbinding', () => {
  const unbind = (cardNo: string) => h.api('POST', '/api/v1/cards/unbind', { orderNo, cardNo });

  it('refuses the card the loan debits, an unknown card and bad input, changing nothing', async () => {
    const before = await h.count(`card_agreements where status = 'unbound'`);
    const current = await unbind('6222020200112350000');
    expect(current.status).toBe(409);
    expect(current.body).toMatchObject({ error: { field: 'cardNo' } });
    expect((await unbind('6222020200112299999')).status).toBe(404);
    const bad = await unbind('12ab');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { field: 'cardNo' } });
    expect(await h.count(`card_agreements where status = 'unbound'`)).toBe(before);
  });

  it('unbinds a former card at every channel, once', async () => {
    const held = () =>
      [...sandbox.channels.values()].reduce(
        (n, c) => n + [...c.agreements.values()].filter((a) => a.status === 'active').length,
        0,
      );
    const heldBefore = held();
    const res = await unbind('6222020200112430000');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'unbound',
      agreements: [
        { channel: 'sandbox-a', status: 'unbound', channelResult: 'success' },
        { channel: 'sandbox-b', status: 'unbound', channelResult: 'success' },
        { channel: 'sandbox-c', status: 'unbound', channelResult: 'success' },
      ],
    });
    expect(held()).toBe(heldBefore - 3);
    const again = await unbind('6222020200112430000');
    expect(again.status).toBe(200);
    expect(
      (again.body as { agreements: { channelResult: string }[] }).agreements.map(
        (a) => a.channelResult,
      ),
    ).toEqual(['already_unbound', 'already_unbound', 'already_unbound']);
    expect(held()).toBe(heldBefore - 3);
    expect(await h.count(`audit_log where action = 'card.unbind'`)).toBe(1);
  });
});

describe('channel configuration', () => {
  const config = {
    code: 'sandbox-b',
    name: '通联（沙箱）',
    banks: [
      { bankCode: 'ICBC' as const, singleLimit: '20000.00', dailyLimit: '50000.00' },
      { bankCode: 'CMB' as const, singleLimit: '50000', dailyLimit: '200000' },
    ],
    costPerTxn: '0.80',
    maxConcurrency: 8,
    ratePerSecond: 20,
    timeoutMs: 8000,
    maintenance: [{ start: '23:30', end: '00:30' }],
    reason: '通道方调整限额',
  };

  it('names every bad field at once and changes nothing', async () => {
    const ops = await h.callerAs('ops');
    const before = await ops.channels.list();
    const error = await ops.channels
      .updateConfig({
        ...config,
        banks: [
          { bankCode: 'ICBC', singleLimit: '60000', dailyLimit: '50000' },
          { bankCode: 'ICBC', singleLimit: '1', dailyLimit: '2' },
        ],
        maintenance: [{ start: '02:00', end: '02:00' }],
      })
      .catch((e: unknown) => e);
    const issues = (error as { cause?: { issues?: { path: PropertyKey[] }[] } }).cause?.issues;
    expect(issues?.map((i) => i.path.join('.')).sort()).toEqual([
      'banks.0.singleLimit',
      'banks.1.bankCode',
      'maintenance.0.end',
    ]);
    expect(await ops.channels.list()).toEqual(before);
  });

  it('applies limits, cost and maintenance windows, audited with a diff; finance may not', async () => {
    const finance = await h.callerAs('finance');
    await expect(finance.channels.updateConfig(config)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const ops = await h.callerAs('ops');
    expect(await ops.channels.updateConfig(config)).toMatchObject({ code: 'sandbox-b' });
    const b = (await ops.channels.list()).find((c) => c.code === 'sandbox-b')!;
    expect(b).toMatchObject({
      name: '通联（沙箱）',
      costPerTxn: '0.80',
      maxConcurrency: 8,
      ratePerSecond: 20,
      timeoutMs: 8000,
      maintenance: [{ start: '23:30', end: '00:30' }],
      banks: [
        { bankCode: 'ICBC', singleLimit: '20000.00', dailyLimit: '50000.00' },
        { bankCode: 'CMB', singleLimit: '50000.00', dailyLimit: '200000.00' },
      ],
    });
    const [row] = await h.app.database.sql.query<{ cost_per_txn_fen: bigint; banks: unknown }>(
      `select cost_per_txn_fen, banks from channels where code = 'sandbox-b'`,
    );
    expect(row!.cost_per_txn_fen).toBe(80n);
    expect(row!.banks).toEqual([
      { bankCode: 'ICBC', singleLimitFen: 2_000_000, dailyLimitFen: 5_000_000 },
      { bankCode: 'CMB', singleLimitFen: 5_000_000, dailyLimitFen: 20_000_000 },
    ]);
    const [audit] = await h.app.database.sql.query<{
      reason: string;
      diff: { changes: unknown[] };
    }>(`select reason, diff from audit_log where action = 'channel.config'`);
    expect(audit!.reason).toBe('通道方调整限额');
    expect(audit!.diff.changes.length).toBeGreaterThan(3);
    // The same configuration again changes nothing and records nothing.
    expect(await ops.channels.updateConfig(config)).toEqual({ code: 'sandbox-b', changed: 0 });
    expect(await h.count(`audit_log where action = 'channel.config'`)).toBe(1);
  });
});

describe('two binding starts at once', () => {
  it('send one pre-bind (one SMS) per channel, and both get the one binding', async () => {
    const [other] = await h.app.database.sql.query<{ order_no: string }>(
      `select order_no from loans where status = 'active' order by id offset 1 limit 1`,
    );
    const cardNo = luhnCardNo('62220202001129', '0000');
    const preBinds = () =>
      [...sandbox.channels.values()].map(
        (c) => [...c.bindings.values()].filter((b) => b.cardNo === cardNo).length,
      );
    const body = { orderNo: other!.order_no, cardNo, bankCode: 'ICBC', mobile: '13800138000' };
    const results = await Promise.all([
      h.api('POST', '/api/v1/cards/bind', body),
      h.api('POST', '/api/v1/cards/bind', body),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(results[1].body).toEqual(results[0].body);
    const { bindingId } = results[0].body as { bindingId: string };
    const attempts = await h.count(
      `card_binding_attempts where binding_id = ${bindingId.slice(4)}`,
    );
    expect(attempts).toBeGreaterThan(0);
    expect(preBinds().every((n) => n <= 1)).toBe(true);
    expect(preBinds().reduce((a, b) => a + b, 0)).toBe(attempts);
    const confirmed = await h.api('POST', `/api/v1/cards/bind/${bindingId}/confirm`, {
      smsCode: '123456',
    });
    expect(confirmed.status).toBe(200);
  });

  it('a start no channel accepts closes its binding: the next start asks the channels again', async () => {
    const [other] = await h.app.database.sql.query<{ order_no: string }>(
      `select order_no from loans where status = 'active' order by id offset 2 limit 1`,
    );
    const body = {
      orderNo: other!.order_no,
      cardNo: luhnCardNo('62220202001128', '0000'),
      bankCode: 'ICBC',
      mobile: '13800138000',
    };
    const channels = [...sandbox.channels.values()];
    for (const c of channels) c.profile = { ...c.profile, maxConcurrency: 0 }; // all busy
    let refused;
    try {
      refused = await h.api('POST', '/api/v1/cards/bind', body);
    } finally {
      for (const c of channels) c.profile = { ...c.profile, maxConcurrency: 64 };
    }
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ error: { field: 'cardNo' } });
    const started = await h.api('POST', '/api/v1/cards/bind', body);
    expect(started.status).toBe(200);
    const statuses = await h.app.database.sql.query<{ status: string }>(
      `select b.status from card_bindings b join loans l on l.id = b.loan_id
        where l.order_no = $1 order by b.id`,
      [other!.order_no],
    );
    expect(statuses.map((r) => r.status)).toEqual(['failed', 'sms_sent']);
  });
});
