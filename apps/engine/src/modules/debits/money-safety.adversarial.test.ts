// Adversarial: the ways an independent review took a borrower's money twice or debited what was
// not owed, replayed against the whole engine (REST, the services, the channel sandbox over
// HTTP), plus the debit guard checked head-on at the insert that every path goes through.
// After every case the money invariants hold (testing/money-invariants.ts).
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { addDays, luhnCardNo } from '@repay/rules';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../lib/errors';
import { moneyViolations } from '../../testing/money-invariants';
import { startHarness, type Harness } from '../../testing/harness';
import { createDebitsRepo } from './debits.repo';
import { orderKeyOf } from './runs.service';

let sandbox: Sandbox;
let h: Harness;
let loanSeq = 0;
const today = () => h.clock.today();
/** A new business day: each day has three windows (10:00, 14:00, 18:00) to run once. */
const nextDay = () => h.clock.advance(24 * 3600_000);

const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);
const fen = (yuan: string) => BigInt(yuan.replace('.', ''));

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  const sandboxUrl = await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
  h = await startHarness({ sandboxUrl });
  // Answers come from the calls and the queries only: no notification arrives by itself.
  for (const ch of sandbox.channels.values())
    ch.profile = {
      ...ch.profile,
      pendingResolveMs: 50,
      notify: { ...ch.profile.notify, delayMs: 600_000 },
    };
}, 120_000);
afterAll(async () => {
  await h.close();
  await sandbox.app.close();
});
afterEach(async () => {
  expect(await moneyViolations(q)).toEqual([]);
});

/** A consumer loan of ¥12,000.00 from 2026-01-15 (periods 1 and 2 due by today) on a bound card. */
async function loanOn(ending: string) {
  loanSeq++;
  const orderNo = `ADV-${loanSeq}`;
  const mobile = `1370000${String(1000 + loanSeq).slice(-4)}`;
  const cardNo = luhnCardNo(`62220203${String(100000 + loanSeq)}`, ending);
  const { created, bound } = await h.loanOnCard(
    {
      orderNo,
      principal: '12000.00',
      borrower: { name: '王五', idNo: '110101199003071233', mobile },
      card: undefined,
    },
    { cardNo, bankCode: 'ICBC', mobile },
  );
  expect([created.status, bound.status]).toEqual([201, 200]);
  return orderNo;
}

const quote = async (orderNo: string) => {
  const res = await h.api('GET', `/api/v1/loans/${orderNo}/settlement-quote`);
  expect(res.status).toBe(200);
  return res.body as { quoteId: string; amount: string };
};
const settle = (orderNo: string, quoteId: string, method: string, reference: string) =>
  h.api('POST', `/api/v1/loans/${orderNo}/settle`, { quoteId, method, reference });
const ordersOf = (orderNo: string) =>
  q<{ key: string; status: string; amount: bigint; source: string }>(
    `select d.idempotency_key as key, d.status, d.amount, d.source from debit_orders d
       join loans l on l.id = d.loan_id where l.order_no = $1 order by d.id`,
    [orderNo],
  );
const runWindow = async (window: string, date = today()) => {
  const run = await h.app.services.debitRuns.startRun({ date, window }, 'adversarial');
  await h.app.services.debitRuns.work(run.runId);
  return run.runId;
};
/** Let pending answers resolve at the sandbox, then query everything due. */
const compensate = async () => {
  await new Promise((r) => setTimeout(r, 120));
  h.clock.advance(61_000);
  await h.app.services.debitCompensation.sweep();
};
const suspenseFen = async () => {
  const [row] = await q<{ total: bigint }>(
    `select coalesce(sum(e.amount), 0)::bigint as total from ledger_entries e
       join ledger_accounts a on a.id = e.account_id where a.code like 'suspense.%'`,
  );
  return row!.total;
};

describe('a whole-loan debit and installment debits never run together', () => {
  it('while a settlement debit is unanswered, the same day’s windows debit nothing of the loan', async () => {
    nextDay();
    const orderNo = await loanOn('0099'); // pending, then success when asked
    const qt = await quote(orderNo);
    const res = await settle(orderNo, qt.quoteId, 'debit', 'ADV-SETTLE-1');
    expect([res.status, res.body.status]).toEqual([202, 'pending']);
    await runWindow('10:00');
    await runWindow('14:00');
    expect((await ordersOf(orderNo)).map((o) => o.source)).toEqual(['settlement']);
    await compensate();
    const orders = await ordersOf(orderNo);
    expect(orders.map((o) => [o.status, o.amount])).toEqual([['succeeded', fen(qt.amount)]]);
    const [loan] = await q<{ status: string }>(`select status from loans where order_no = $1`, [
      orderNo,
    ]);
    expect(loan!.status).toBe('settled');
    // Nothing was collected beyond the quote: no money waits in suspense.
    expect(await suspenseFen()).toBe(0n);
    // A settled loan is not debited by a later window either.
    await runWindow('18:00');
    expect(await ordersOf(orderNo)).toHaveLength(1);
  });

  it('while a window debit is unanswered, settling by debit is refused and the quote stays open', async () => {
    nextDay();
    const orderNo = await loanOn('0098'); // pending, then a failure when asked
    await runWindow('10:00');
    const window = await ordersOf(orderNo);
    expect(window.map((o) => [o.source, o.status])).toEqual([
      ['window', 'pending'],
      ['window', 'pending'],
    ]);
    const qt = await quote(orderNo);
    const res = await settle(orderNo, qt.quoteId, 'debit', 'ADV-SETTLE-2');
    expect([res.status, res.body.error.field]).toEqual([409, 'orderNo']);
    const [row] = await q<{ status: string }>(
      `select status from settlement_quotes where quote_id = $1`,
      [qt.quoteId],
    );
    expect(row!.status).toBe('open');
    expect(await ordersOf(orderNo)).toHaveLength(2);
    await compensate(); // the window's debits fail: the loan may be settled now
    const again = await settle(orderNo, qt.quoteId, 'debit', 'ADV-SETTLE-2');
    expect([again.status, again.body.status]).toEqual([202, 'pending']);
  });

  it('two settlements by debit at once: one order, the other refused, no quote left debiting without one', async () => {
    const orderNo = await loanOn('0099');
    const [a, b] = [await quote(orderNo), await quote(orderNo)];
    const answers = await Promise.all([
      settle(orderNo, a.quoteId, 'debit', 'ADV-RACE-A'),
      settle(orderNo, b.quoteId, 'debit', 'ADV-RACE-B'),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([202, 409]);
    expect((await ordersOf(orderNo)).map((o) => o.source)).toEqual(['settlement']);
    const [orphan] = await q<{ n: number }>(
      `select count(*)::int as n from settlement_quotes q
        where q.status = 'debiting' and not exists (
          select 1 from debit_orders d where d.idempotency_key like 'settlement:' || q.quote_id || ':%')`,
    );
    expect(orphan!.n).toBe(0);
    await compensate();
  });

  it('an offline settlement racing a window: the loan is paid once, nothing lands in suspense', async () => {
    nextDay();
    const loans = [];
    for (let i = 0; i < 6; i++) loans.push(await loanOn('0000'));
    const quotes = await Promise.all(loans.map(quote));
    await Promise.all([
      runWindow('10:00'),
      ...loans.map((orderNo, i) => settle(orderNo, quotes[i]!.quoteId, 'offline', `ADV-OFF-${i}`)),
    ]);
    for (const orderNo of loans) {
      const orders = await ordersOf(orderNo);
      const [loan] = await q<{ status: string }>(`select status from loans where order_no = $1`, [
        orderNo,
      ]);
      // Either the window came first (the settlement then found the loan changed) or the
      // settlement did (the window then found nothing open).
      if (loan!.status === 'settled') expect(orders).toEqual([]);
      else expect(orders.every((o) => o.status === 'succeeded')).toBe(true);
    }
    expect(await suspenseFen()).toBe(0n);
  });
});

describe('a window run is for today', () => {
  it('refuses a later date, and an earlier one unless it resumes a run of that date', async () => {
    const orderNo = await loanOn('0000');
    const runs = h.app.services.debitRuns;
    const refusal = (date: string) =>
      runs.startRun({ date, window: '10:00' }, 'adversarial').then(
        () => null,
        (e: unknown) => (e instanceof AppError ? e.field : e),
      );
    for (const date of [addDays(today(), 61), addDays(today(), 1), addDays(today(), -30)])
      expect(await refusal(date)).toBe('date');
    const ops = await h.callerAs('ops');
    await expect(
      ops.debits.startRun({ date: addDays(today(), 61), window: '10:00', reason: '提前扣' }),
    ).rejects.toThrow(/today/);
    expect(await ordersOf(orderNo)).toEqual([]);
    const [later] = await q<{ n: number }>(
      `select count(*)::int as n from debit_runs where business_date > $1`,
      [today()],
    );
    expect(later!.n).toBe(0);
  });
});

describe('the debit guard at the insert every path goes through', () => {
  const repo = () => createDebitsRepo(h.app.database);

  async function installmentsOf(orderNo: string) {
    return q<{
      id: bigint;
      loanId: bigint;
      funderId: bigint;
      cardId: bigint;
      period: number;
      owed: bigint;
      dueDate: string;
    }>(
      `select i.id, l.id as "loanId", l.funder_id as "funderId", l.card_id as "cardId", i.period,
              (i.principal_due - i.principal_paid + i.interest_due - i.interest_paid
               + i.fee_due - i.fee_paid + i.penalty_due - i.penalty_paid)::bigint as owed,
              i.due_date::text as "dueDate"
         from installments i join loans l on l.id = i.loan_id
        where l.order_no = $1 and i.is_current order by i.period`,
      [orderNo],
    );
  }

  /** A window order for the installment inserted as the shards do; true when it was made. */
  async function tryWindowOrder(
    inst: Awaited<ReturnType<typeof installmentsOf>>[number],
    opts: { amount?: bigint; date?: string; window?: string } = {},
  ) {
    const date = opts.date ?? today();
    const window = opts.window ?? '09:' + String(10 + Math.floor(Math.random() * 49));
    const made = await repo().insertSubmittedOrders(
      [
        {
          idempotencyKey: orderKeyOf(date, window, inst.id),
          loanId: inst.loanId,
          installmentId: inst.id,
          funderId: inst.funderId,
          cardId: inst.cardId,
          amount: opts.amount ?? inst.owed,
          ruleVersions: {},
          channelCode: 'sandbox-a',
          routing: null,
          rawCode: null,
          rawMessage: null,
        },
      ],
      { businessDate: date, window, runId: 0n, nextQueryAt: new Date() },
      { type: 'system', id: 'adversarial' },
    );
    return made.length === 1;
  }

  /** Finish the order again (the test only wanted to know whether the insert was allowed). */
  const closeOrders = (orderNo: string) =>
    q(
      `update debit_orders set status = 'failed', finished_at = now()
        where loan_id = (select id from loans where order_no = $1) and status = 'submitted'`,
      [orderNo],
    );

  it('refuses more than the installment owes, and an installment not yet due on the order’s date', async () => {
    const orderNo = await loanOn('0000');
    const [p1, , p3] = await installmentsOf(orderNo);
    expect(await tryWindowOrder(p1!, { amount: p1!.owed + 1n })).toBe(false);
    expect(await tryWindowOrder(p3!)).toBe(false); // due 2026-04-15
    expect(await tryWindowOrder(p3!, { date: p3!.dueDate })).toBe(true); // the date decides
    expect(await tryWindowOrder(p1!)).toBe(true);
    await closeOrders(orderNo);
  });

  it('refuses a paid installment and a superseded one (an offline payment, a reschedule)', async () => {
    const orderNo = await loanOn('0000');
    const [p1, p2, , p4] = await installmentsOf(orderNo);
    const paid = await h.api('POST', `/api/v1/loans/${orderNo}/repayments`, {
      amount: `${p1!.owed / 100n}.${String(p1!.owed % 100n).padStart(2, '0')}`,
      paidAt: '2026-03-15T09:30:00+08:00',
      reference: `ADV-PAY-${orderNo}`,
      method: 'offline',
    });
    expect(paid.status).toBe(201);
    expect(await tryWindowOrder(p1!)).toBe(false);
    expect(await tryWindowOrder(p2!)).toBe(true);
    await closeOrders(orderNo);
    const rescheduled = await h.api('POST', `/api/v1/loans/${orderNo}/reschedule`, {
      reason: '展期',
      newTermMonths: 18,
    });
    expect(rescheduled.status).toBe(201);
    expect(await tryWindowOrder(p4!, { date: p4!.dueDate })).toBe(false);
  });

  it('refuses any debit of a loan that is not active', async () => {
    const orderNo = await loanOn('0000');
    const [p1] = await installmentsOf(orderNo);
    const qt = await quote(orderNo);
    expect((await settle(orderNo, qt.quoteId, 'offline', `ADV-OFF-${orderNo}`)).status).toBe(200);
    expect(await tryWindowOrder({ ...p1!, owed: 100n })).toBe(false);
  });

  it('keeps installment debits out while a settlement debit is in flight, and the reverse', async () => {
    const orderNo = await loanOn('0099');
    const [p1, p2] = await installmentsOf(orderNo);
    expect(await tryWindowOrder(p1!)).toBe(true);
    // The service refuses first; with the check bypassed, the insert itself refuses.
    const [loan] = await q<{ id: bigint }>(`select id from loans where order_no = $1`, [orderNo]);
    const qt = await quote(orderNo);
    await q(
      `insert into debit_orders (idempotency_key, loan_id, installment_id, funder_id, card_id, source, business_date, amount)
       values ($1, $2, $3, $4, $5, 'settlement', $6, $7)`,
      [
        `settlement:${qt.quoteId}:1`,
        loan!.id,
        p2!.id,
        p2!.funderId,
        p2!.cardId,
        today(),
        fen(qt.amount),
      ],
    );
    expect((await ordersOf(orderNo)).map((o) => o.source)).toEqual(['window']);
    await closeOrders(orderNo);
    const res = await settle(orderNo, qt.quoteId, 'debit', 'ADV-SETTLE-G');
    expect([res.status, res.body.status]).toEqual([202, 'pending']);
    expect(await tryWindowOrder(p2!)).toBe(false);
    // And a settlement debit for more than its quote, or another loan's quote, is refused.
    await compensate();
  });
});

describe('an order sent again, or first sent late, is a new debit the guard must allow', () => {
  const channels = () => [...sandbox.channels.values()];
  /** What the channels took of this loan's orders. */
  const taken = async (orderNo: string) =>
    (await ordersOf(orderNo))
      .flatMap((o) =>
        channels().flatMap((c) => (c.orders.has(o.key) ? [c.orders.get(o.key)!] : [])),
      )
      .filter((o) => o.status === 'success');
  /** A window every channel answers busy: its orders wait, and the channels hold none. */
  async function busyWindow(window: string) {
    for (const c of channels()) c.profile = { ...c.profile, busyRatio: 1 };
    try {
      await runWindow(window);
    } finally {
      for (const c of channels()) c.profile = { ...c.profile, busyRatio: 0 };
    }
  }
  const owedYuan = async (orderNo: string) => {
    const [row] = await q<{ fen: bigint }>(
      `select sum(i.principal_due - i.principal_paid + i.interest_due - i.interest_paid
                 + i.fee_due - i.fee_paid + i.penalty_due - i.penalty_paid)::bigint as fen
         from installments i join loans l on l.id = i.loan_id where l.order_no = $1 and i.is_current`,
      [orderNo],
    );
    return `${row!.fen / 100n}.${String(row!.fen % 100n).padStart(2, '0')}`;
  };

  it('is not sent again for a loan paid off at the branch meanwhile; the orders end failed', async () => {
    nextDay();
    const orderNo = await loanOn('0000');
    await busyWindow('10:00');
    const waiting = await ordersOf(orderNo);
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.every((o) => o.status === 'pending')).toBe(true);
    const paid = await h.api('POST', `/api/v1/loans/${orderNo}/repayments`, {
      amount: await owedYuan(orderNo),
      paidAt: `${today()}T09:30:00+08:00`,
      reference: `ADV-BRANCH-${orderNo}`,
      method: 'offline',
    });
    expect(paid.status).toBe(201);
    await compensate();
    expect(await taken(orderNo)).toEqual([]);
    const orders = await ordersOf(orderNo);
    expect(orders.map((o) => o.status)).toEqual(waiting.map(() => 'failed'));
    const [event] = await q<{ code: string }>(
      `select e.raw_code as code from debit_order_events e join debit_orders d on d.id = e.debit_order_id
        where d.idempotency_key = $1 order by e.id desc limit 1`,
      [orders[0]!.key],
    );
    expect(event!.code).toBe('NOT_RESENT');
  });

  it('is not sent again for a loan paused meanwhile', async () => {
    nextDay();
    const orderNo = await loanOn('0000');
    await busyWindow('10:00');
    const paused = await h.api('POST', `/api/v1/loans/${orderNo}/pause`, {
      reason: '借款人投诉，暂停扣款',
      until: addDays(today(), 30),
    });
    expect(paused.status).toBe(200);
    await compensate();
    expect(await taken(orderNo)).toEqual([]);
  });

  it('is sent again, with the same order id, when nothing changed: taken once', async () => {
    nextDay();
    const orderNo = await loanOn('0000');
    await busyWindow('10:00');
    await compensate();
    const orders = await ordersOf(orderNo);
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((o) => o.status === 'succeeded')).toBe(true);
    const [resent] = await q<{ n: number }>(
      `select count(*)::int as n from debit_order_events e join debit_orders d on d.id = e.debit_order_id
        where d.idempotency_key = any($1::text[]) and e.raw_code = 'RESEND'`,
      [orders.map((o) => o.key)],
    );
    expect(resent!.n).toBe(orders.length);
    expect((await taken(orderNo)).length).toBe(orders.length);
  });

  it('a settlement debit whose send never happened is sent by the sweep, or failed once its quote expired', async () => {
    nextDay();
    const cutOff = async (orderNo: string, reference: string) => {
      const qt = await quote(orderNo);
      // The process dies between the settlement's commit and its send.
      vi.spyOn(h.app.services.debitRuns, 'sendOrders').mockRejectedValueOnce(
        new Error('the process died'),
      );
      await settle(orderNo, qt.quoteId, 'debit', reference);
      // As if a minute passed on the wall clock since it was made.
      await q(
        `update debit_orders set created_at = created_at - interval '2 minutes' where idempotency_key = $1`,
        [`settlement:${qt.quoteId}:1`],
      );
      return qt;
    };
    const later = await loanOn('0000');
    await cutOff(later, 'ADV-CUT-1');
    await h.app.services.debitCompensation.sweep();
    expect((await ordersOf(later)).map((o) => o.status)).toEqual(['succeeded']);

    const expired = await loanOn('0000');
    const qt = await cutOff(expired, 'ADV-CUT-2');
    nextDay(); // the quote expired at the end of its day
    await h.app.services.debitCompensation.sweep();
    expect((await ordersOf(expired)).map((o) => o.status)).toEqual(['failed']);
    const [row] = await q<{ status: string }>(
      `select status from settlement_quotes where quote_id = $1`,
      [qt.quoteId],
    );
    expect(row!.status).toBe('open');
    expect(await taken(expired)).toEqual([]);
    // The loan is free again: today's window debits it.
    await runWindow('10:00');
    expect((await ordersOf(expired)).filter((o) => o.source === 'window').length).toBeGreaterThan(
      0,
    );
  });
});
