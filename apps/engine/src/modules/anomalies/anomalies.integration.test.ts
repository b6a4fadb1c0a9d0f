// The console's anomaly list over tRPC: who may read and handle, the filters, one anomaly's
// evidence (the card as its mask), a loan's anomalies, and an overpayment that stays open until
// finance marks it handled with a reason (audited).
import { createHmac } from 'node:crypto';
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/harness';

let sandbox: Sandbox;
let h: Harness;
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);
const SECRET_A = defaultInstances().find((i) => i.code === 'sandbox-a')!.secret;

function notifyA(body: Record<string, unknown>) {
  const text = JSON.stringify(body);
  const ts = String(Math.floor(Date.now() / 1000));
  return fetch(`${h.baseUrl}/callbacks/channels/sandbox-a/notify`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-sandbox-merchant': 'M-REPAY-A',
      'x-sandbox-timestamp': ts,
      'x-sandbox-signature': createHmac('sha256', SECRET_A).update(`${ts}.${text}`).digest('hex'),
    },
    body: text,
  });
}
const orderOf = async (orderNo: string) =>
  (
    await q<{ key: string; amount: bigint }>(
      `select d.idempotency_key as key, d.amount from debit_orders d join loans l on l.id = d.loan_id
        where l.order_no = $1`,
      [orderNo],
    )
  )[0]!;
const success = (key: string, amount: bigint) => ({
  orderId: key,
  status: 'success',
  code: '0000',
  msg: '交易成功',
  amount: Number(amount),
  fee: 30,
  channelSerial: sandbox.channels.get('sandbox-a')!.orders.get(key)?.channelSerial ?? 'BF-X',
});

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  const sandboxUrl = await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
  h = await startHarness({ sandboxUrl });
  for (const c of sandbox.channels.values())
    c.profile = { ...c.profile, notify: { ...c.profile.notify, enabled: false } };
  // AN-OK succeeds; AN-OVER fails (insufficient funds), is paid at the counter, then the
  // channel reports a success after all: ¥8,884.88 nobody owed.
  let n = 0;
  for (const [orderNo, cardNo] of [
    ['AN-OK', '6222020200112270000'],
    ['AN-OVER', '6222020200112250051'],
  ] as const) {
    n++;
    const mobile = `1390013600${n}`;
    const { created, bound } = await h.loanOnCard(
      {
        orderNo,
        startDate: '2026-02-15',
        firstDueDate: '2026-03-15',
        borrower: { name: '钱七', idNo: '110101199003071233', mobile },
        card: undefined,
      },
      { cardNo, bankCode: 'ICBC', mobile },
    );
    expect([created.status, bound.status]).toEqual([201, 200]);
  }
  const run = await h.app.services.debitRuns.startRun(
    { date: '2026-03-15', window: '10:00' },
    'test',
  );
  await h.app.services.debitRuns.work(run.runId);
  const over = await orderOf('AN-OVER');
  const paid = await h.api('POST', '/api/v1/loans/AN-OVER/repayments', {
    amount: '8884.88',
    paidAt: '2026-03-15T09:00:00+08:00',
    reference: 'AN-OVER-R1',
    method: 'offline',
  });
  expect(paid.status).toBe(201);
  await notifyA(success(over.key, over.amount));
  const ok = await orderOf('AN-OK');
  await notifyA({
    ...success(ok.key, ok.amount),
    status: 'failed',
    code: 'BF00313',
    msg: '余额不足',
  });
  await notifyA(success('W202603151000-424242', 100n));
}, 120_000);
afterAll(async () => {
  await h?.close();
  await sandbox?.app.close();
});

describe('the anomaly list', () => {
  it('lists every kind newest first, with filters; pm may not read it', async () => {
    const ops = await h.callerAs('ops');
    const all = await ops.anomalies.list({});
    expect(all.items.map((a) => [a.kind, a.orderNo, a.amount, a.status])).toEqual([
      ['unknown_order', null, '1.00', 'open'],
      ['contradicting_answer', 'AN-OK', '8884.88', 'open'],
      ['overpayment', 'AN-OVER', '8884.88', 'open'],
      ['late_success', 'AN-OVER', '8884.88', 'open'],
    ]);
    expect((await ops.anomalies.list({ kind: 'overpayment' })).items).toHaveLength(1);
    expect((await ops.anomalies.list({ orderNo: 'AN-OVER' })).items).toHaveLength(2);
    expect((await ops.anomalies.list({ channel: 'sandbox-b' })).items).toHaveLength(0);
    // Dates are when the anomaly was recorded (wall clock, Asia/Shanghai).
    expect((await ops.anomalies.list({ from: '2099-01-01' })).items).toHaveLength(0);
    expect((await ops.anomalies.list({ to: '2000-01-01' })).items).toHaveLength(0);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
      new Date(),
    );
    expect((await ops.anomalies.list({ from: today, to: today })).items).toHaveLength(4);
    const page = await ops.anomalies.list({ limit: 3 });
    expect(page.items).toHaveLength(3);
    expect((await ops.anomalies.list({ limit: 3, cursor: page.nextCursor })).items).toHaveLength(1);
    const pm = await h.callerAs('pm');
    await expect(pm.anomalies.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('shows one anomaly’s evidence and its order, the card masked', async () => {
    const auditor = await h.callerAs('auditor');
    const [contradicting] = (await auditor.anomalies.list({ kind: 'contradicting_answer' })).items;
    const detail = await auditor.anomalies.get({ id: contradicting!.id });
    expect(detail.evidence).toMatchObject({
      source: 'notification',
      resultClass: 'fail_funds',
      rawCode: 'BF00313',
      amount: '8884.88',
      order: { status: 'succeeded', amount: '8884.88', channel: 'sandbox-a' },
    });
    expect(detail.order).toMatchObject({
      status: 'succeeded',
      amount: '8884.88',
      channel: 'sandbox-a',
      cardNo: '622202******0000',
      bankCode: 'ICBC',
    });
    expect(JSON.stringify(detail)).not.toContain('6222020200112270000');
  });

  it('an overpayment stays open until finance marks it handled, with a reason (audited)', async () => {
    const ops = await h.callerAs('ops');
    const [over] = (await ops.anomalies.list({ kind: 'overpayment' })).items;
    await expect(ops.anomalies.handle({ id: over!.id, reason: '已退款' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const finance = await h.callerAs('finance');
    await expect(finance.anomalies.handle({ id: over!.id, reason: ' ' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const handled = await finance.anomalies.handle({
      id: over!.id,
      reason: '线下退款 2026-03-16，银行回单 0001',
    });
    expect(handled).toMatchObject({
      status: 'handled',
      handledReason: '线下退款 2026-03-16，银行回单 0001',
      handledBy: expect.stringMatching(/^user:/),
    });
    await expect(
      finance.anomalies.handle({ id: over!.id, reason: '再次处理' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      finance.anomalies.handle({ id: '999999', reason: '不存在的' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await ops.anomalies.list({ kind: 'overpayment', status: 'open' })).items).toEqual([]);
    expect(await h.count(`audit_log where action = 'anomaly.handle'`)).toBe(1);
  });
});
