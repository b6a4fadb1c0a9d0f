// A deduction window end to end, over HTTP to the channel sandbox: selection by the window
// rule, orders once per installment, routing, submission, every test-card outcome, the
// compensation queries, allocation, ledger and events; and a second run that changes nothing.
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/harness';

let sandbox: Sandbox;
let h: Harness;

const CARDS = {
  ok: '6222020200112430000',
  funds: '6222020200112330051',
  frozen: '6222020200112630054',
  pending: '6222020200112030099',
  timeout: '6222020200112130097',
} as const;
type Case = keyof typeof CARDS;
const orderNoOf = (c: Case) => `DW-${c.toUpperCase()}`;

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  const sandboxUrl = await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
  h = await startHarness({ sandboxUrl });
  let n = 0;
  for (const c of Object.keys(CARDS) as Case[]) {
    n++;
    await h.createLoan({
      orderNo: orderNoOf(c),
      borrower: { name: '张三', idNo: '110101199003071233', mobile: `1380013800${n}` },
    });
    const { bound } = await h.bindCard({
      orderNo: orderNoOf(c),
      cardNo: CARDS[c],
      bankCode: 'ICBC',
      mobile: `1380013800${n}`,
    });
    expect(bound.status).toBe(200);
  }
  // Our timeout shorter than the sandbox's hold: the 0097 card's answer never arrives in time.
  await h.app.database.sql.query(`update channels set timeout_ms = 1000`);
  // Notifications held back past the end of this file: here the queries must find the answers
  // (the reliability test covers notifications arriving, repeated and out of order).
  for (const c of sandbox.channels.values())
    c.profile = {
      ...c.profile,
      timeoutHoldMs: 2500,
      notify: { ...c.profile.notify, delayMs: 600_000 },
    };
});
afterAll(async () => {
  await h.close();
  await sandbox.app.close();
});

async function ordersOf(c: Case) {
  return h.app.database.sql.query<{
    key: string;
    period: number;
    status: string;
    result_class: string | null;
    raw_code: string | null;
    amount: bigint;
    channel_code: string | null;
  }>(
    `select d.idempotency_key as key, i.period, d.status, d.result_class, d.raw_code, d.amount, d.channel_code
       from debit_orders d join installments i on i.id = d.installment_id join loans l on l.id = d.loan_id
      where l.order_no = $1 order by i.period, d.id`,
    [orderNoOf(c)],
  );
}

async function installmentsOf(c: Case) {
  return h.app.database.sql.query<{
    period: number;
    status: string;
    due: bigint;
    paid: bigint;
    principal_paid: bigint;
  }>(
    `select i.period, i.status,
            (principal_due + interest_due + fee_due + penalty_due)::bigint as due,
            (principal_paid + interest_paid + fee_paid + penalty_paid)::bigint as paid,
            principal_paid
       from installments i join loans l on l.id = i.loan_id
      where l.order_no = $1 and i.is_current and i.period <= 2 order by i.period`,
    [orderNoOf(c)],
  );
}

describe('the 10:00 window of 2026-03-15', () => {
  let runId: bigint;

  it('starts once: a second start of the same window and scope finds the first run', async () => {
    const first = await h.app.services.debitRuns.startRun(
      { date: '2026-03-15', window: '10:00' },
      'test',
    );
    const second = await h.app.services.debitRuns.startRun(
      { date: '2026-03-15', window: '10:00' },
      'test',
    );
    expect(first.created).toBe(true);
    // Ten installments: one page (5,000) selects them all when the run starts.
    expect(second).toEqual({ runId: first.runId, created: false, selecting: false });
    runId = first.runId;
    const [run] = await h.app.database.sql.query<{
      installments_total: number;
      shards_total: number;
    }>(`select installments_total, shards_total from debit_runs where id = $1`, [runId]);
    // Five loans, periods 1 (28 days overdue) and 2 (due today).
    expect(run).toEqual({ installments_total: 10, shards_total: 1 });
  });

  it('debits every installment once and classifies every test card', async () => {
    expect(await h.app.services.debitRuns.work(runId)).toBe(1);
    const statuses = async (c: Case) => (await ordersOf(c)).map((o) => [o.status, o.result_class]);
    expect(await statuses('ok')).toEqual([
      ['succeeded', 'success'],
      ['succeeded', 'success'],
    ]);
    expect(await statuses('funds')).toEqual([
      ['failed', 'fail_funds'],
      ['failed', 'fail_funds'],
    ]);
    expect(await statuses('frozen')).toEqual([
      ['failed', 'fail_card'],
      ['failed', 'fail_card'],
    ]);
    expect(await statuses('pending')).toEqual([
      ['pending', 'pending'],
      ['pending', 'pending'],
    ]);
    expect(await statuses('timeout')).toEqual([
      ['pending', 'pending'],
      ['pending', 'pending'],
    ]);
    expect((await ordersOf('timeout'))[0]!.raw_code).toBe('TIMEOUT');
    expect((await ordersOf('ok')).every((o) => o.channel_code === 'sandbox-a')).toBe(true);
  });

  it('allocates a success exactly: the installment paid to the fen, the loan’s principal reduced', async () => {
    const inst = await installmentsOf('ok');
    expect(inst.map((i) => i.status)).toEqual(['paid', 'paid']);
    for (const i of inst) expect(i.paid).toBe(i.due);
    const orders = await ordersOf('ok');
    expect(orders.map((o) => o.amount)).toEqual(inst.map((i) => i.due));
    const [loan] = await h.app.database.sql.query<{ principal: bigint; outstanding: bigint }>(
      `select principal, outstanding_principal as outstanding from loans where order_no = $1`,
      [orderNoOf('ok')],
    );
    const principalPaid = inst.reduce((s, i) => s + i.principal_paid, 0n);
    expect(loan!.outstanding).toBe(loan!.principal - principalPaid);
    // Nothing collected from the others.
    for (const c of ['funds', 'frozen', 'pending', 'timeout'] as const)
      expect((await installmentsOf(c)).every((i) => i.paid === 0n)).toBe(true);
  });

  it('suspends the frozen card’s agreement, so the next window skips it', async () => {
    const [row] = await h.app.database.sql.query<{ status: string }>(
      `select a.status from card_agreements a join loans l on l.card_id = a.card_id
        where l.order_no = $1 and a.channel_code = 'sandbox-a'`,
      [orderNoOf('frozen')],
    );
    expect(row!.status).toBe('suspended');
  });

  it('a second pass over the run sends nothing again', async () => {
    const before = await h.count('debit_orders');
    const sent = [...sandbox.channels.values()].reduce((n, c) => n + c.orders.size, 0);
    await h.app.database.sql.query(
      `update debit_run_shards set status = 'pending' where run_id = $1`,
      [runId],
    );
    await h.app.database.sql.query(`update debit_runs set status = 'running' where id = $1`, [
      runId,
    ]);
    await h.app.services.debitRuns.work(runId);
    expect(await h.count('debit_orders')).toBe(before);
    expect([...sandbox.channels.values()].reduce((n, c) => n + c.orders.size, 0)).toBe(sent);
  });

  it('queries the unknown ones later and settles them, never re-sending', async () => {
    await new Promise((r) => setTimeout(r, 2600)); // the sandbox resolves pending orders after 2 s
    h.clock.advance(16_000);
    expect(await h.app.services.debitCompensation.sweep()).toBe(4);
    for (const c of ['pending', 'timeout'] as const) {
      expect((await ordersOf(c)).map((o) => o.status)).toEqual(['succeeded', 'succeeded']);
      const inst = await installmentsOf(c);
      for (const i of inst) expect(i.paid).toBe(i.due);
    }
    // Every channel order exists once at the channel.
    const atChannel = [...sandbox.channels.values()].flatMap((c) => [...c.orders.keys()]);
    expect(new Set(atChannel).size).toBe(atChannel.length);
  });

  it('ignores a late "processing" after the final state', async () => {
    const [order] = await ordersOf('ok');
    const moved = await h.app.services.debitResults.apply(
      order!.key,
      { resultClass: 'pending', rawCode: 'BF00100', rawMessage: '处理中', data: {} },
      { type: 'system', id: 'test' },
      'notification',
    );
    expect(moved).toBe(false);
    expect((await ordersOf('ok'))[0]!.status).toBe('succeeded');
  });

  it('keeps the ledger balanced, each success posted once', async () => {
    const [sum] = await h.app.database.sql.query<{ total: bigint; journals: number }>(
      `select coalesce(sum(e.amount), 0)::bigint as total,
              (select count(*)::int from ledger_journals where kind = 'debit_collected') as journals
         from ledger_entries e`,
    );
    expect(sum!.total).toBe(0n);
    expect(sum!.journals).toBe(6);
    const [clearing] = await h.app.database.sql.query<{ amount: bigint; collected: bigint }>(
      `select (select sum(e.amount) from ledger_entries e join ledger_accounts a on a.id = e.account_id
                where a.code like 'clearing.collections:%')::bigint as amount,
              (select sum(amount) from debit_orders where status = 'succeeded')::bigint as collected`,
    );
    expect(clearing!.amount).toBe(clearing!.collected);
    expect(await h.count(`outbox_events where topic = 'debit.succeeded'`)).toBe(6);
  });
});

describe('the 14:00 window', () => {
  it('tries insufficient funds again at the backup channel, stepped down to half; skips the suspended card', async () => {
    const run = await h.app.services.debitRuns.startRun(
      { date: '2026-03-15', window: '14:00' },
      'test',
    );
    await h.app.services.debitRuns.work(run.runId);
    const funds = await ordersOf('funds');
    const inst = await installmentsOf('funds');
    expect(funds).toHaveLength(4);
    const afternoon = funds.filter((o) => o.key.includes('1400'));
    expect(afternoon.map((o) => o.amount)).toEqual(inst.map((i) => i.due / 2n));
    // The rule fails over on fail_funds: sandbox-a failed them this morning.
    expect(afternoon.map((o) => o.channel_code)).toEqual(['sandbox-b', 'sandbox-b']);
    expect(await ordersOf('frozen')).toHaveLength(2);
  });
});

/** A loan on the example terms, its card bound at the sandbox (agreements at its channels). */
async function loanOnCard(orderNo: string, cardNo: string, mobile: string) {
  const { created, bound } = await h.loanOnCard(
    { orderNo, borrower: { name: '张三', idNo: '110101199003071233', mobile } },
    { cardNo, bankCode: 'ICBC', mobile },
  );
  expect(created.status).toBe(201);
  expect(bound.status).toBe(200);
}

describe('a debit over every channel’s single limit', () => {
  it('is split: this window takes the limit, the rest stays due', async () => {
    await loanOnCard('DW-SPLIT', '6222020200112840000', '13800138099');
    // ¥5,000.00 at every channel for ICBC: an installment (about ¥8,884) fits nowhere whole.
    await h.app.database.sql.query(
      `update channels set banks = (
         select jsonb_agg(case when b->>'bankCode' = 'ICBC'
                               then jsonb_set(b, '{singleLimitFen}', '500000') else b end)
           from jsonb_array_elements(banks) b)`,
    );
    await new Promise((r) => setTimeout(r, 1100)); // batches read the registry once a second
    const run = await h.app.services.debitRuns.startRun(
      { date: '2026-03-15', window: '14:00', funderCode: 'F-TRUST-01' },
      'test',
    );
    await h.app.services.debitRuns.work(run.runId);
    const rows = await h.app.database.sql.query<{
      period: number;
      amount: bigint;
      status: string;
      inst_status: string;
      due: bigint;
      paid: bigint;
      split_note: string;
    }>(
      `select i.period, d.amount, d.status, i.status as inst_status,
              (i.principal_due + i.interest_due + i.fee_due + i.penalty_due)::bigint as due,
              (i.principal_paid + i.interest_paid + i.fee_paid + i.penalty_paid)::bigint as paid,
              (select e.raw_message from debit_order_events e
                where e.debit_order_id = d.id and e.raw_code = 'SPLIT') as split_note
         from debit_orders d join installments i on i.id = d.installment_id
         join loans l on l.id = d.loan_id
        where l.order_no = 'DW-SPLIT' order by i.period`,
    );
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.due).toBeGreaterThan(500_000n);
      expect(r).toMatchObject({
        amount: 500_000n,
        status: 'succeeded',
        inst_status: 'partially_paid',
        paid: 500_000n,
      });
      expect(r.split_note).toMatch(/^split at the channel's limits: 5000\.00 of \d+\.\d{2} now/);
    }
    const [decision] = await h.app.database.sql.query<{ amount: bigint }>(
      `select amount from routing_decisions where decision_key like 'W202603151400-%'
        and loan_id = (select id from loans where order_no = 'DW-SPLIT') limit 1`,
    );
    expect(decision!.amount).toBe(500_000n);
  });
});

describe('a debit no channel can take', () => {
  it('fails with NO_ROUTE and the reasons, and nothing is sent; the installment stays due', async () => {
    await loanOnCard('DW-NOROUTE', '6222020200112760000', '13800138098');
    await h.app.database.sql.query(`update channels set status = 'maintenance'`);
    try {
      await new Promise((r) => setTimeout(r, 1100)); // batches read the registry once a second
      const run = await h.app.services.debitRuns.startRun(
        { date: '2026-03-15', window: '14:00', businessLine: 'consumer' },
        'test',
      );
      await h.app.services.debitRuns.work(run.runId);
    } finally {
      await h.app.database.sql.query(`update channels set status = 'up'`);
    }
    const orders = await h.app.database.sql.query<{
      key: string;
      status: string;
      raw_code: string;
      raw_message: string;
      channel_code: string | null;
      events: string;
      inst_status: string;
    }>(
      `select d.idempotency_key as key, d.status, d.raw_code, d.raw_message, d.channel_code,
              (select string_agg(e.from_status || '>' || e.to_status, ',' order by e.id)
                 from debit_order_events e where e.debit_order_id = d.id) as events,
              i.status as inst_status
         from debit_orders d join installments i on i.id = d.installment_id
         join loans l on l.id = d.loan_id
        where l.order_no = 'DW-NOROUTE' order by i.period`,
    );
    expect(orders).toHaveLength(2); // both periods due by 2026-03-15
    for (const o of orders) {
      expect(o).toMatchObject({
        status: 'failed',
        raw_code: 'NO_ROUTE',
        channel_code: null,
        events: 'created>failed',
        inst_status: expect.stringMatching(/^(pending|overdue)$/),
      });
      expect(o.raw_message).toMatch(/sandbox-a:maintenance/);
      for (const c of sandbox.channels.values()) expect(c.orders.has(o.key)).toBe(false);
    }
  });
});
