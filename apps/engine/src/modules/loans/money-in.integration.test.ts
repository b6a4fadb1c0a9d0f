// A loan's money in, in one place (the console's 还款记录): channel debits, an offline repayment
// and a waiver, each with the periods and components it paid, adding up to what the plan shows
// paid; a reversal (冲正) appears as negative.
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { luhnCardNo } from '@repay/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/harness';
import { systemActor } from '../events';

let h: Harness;
let sandbox: Sandbox;
const ORDER = 'MI-1';
const fen = (yuan: string) => BigInt(yuan.replace('.', ''));

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  h = await startHarness({ sandboxUrl: await sandbox.app.listen({ port: 0, host: '127.0.0.1' }) });
  for (const c of sandbox.channels.values())
    c.profile = { ...c.profile, timeoutRatio: 0, pendingRatio: 0, busyRatio: 0 };
  const { created, bound } = await h.loanOnCard(
    {
      orderNo: ORDER,
      borrower: { name: '张三', idNo: '110101199003071233', mobile: '13800138071' },
    },
    { cardNo: luhnCardNo('62220202001287', '0000'), bankCode: 'ICBC', mobile: '13800138071' },
  );
  expect([created.status, bound.status]).toEqual([201, 200]);
});
afterAll(async () => {
  await h.close();
  await sandbox.app.close();
});

describe('money in', () => {
  it('lists every debit, repayment and waiver with its allocation; together they are what the plan shows paid', async () => {
    // Period 1 (due 02-15) and period 2 (due 03-15, today) are debited in the 10:00 window.
    const run = await h.app.services.debitRuns.startRun(
      { date: '2026-03-15', window: '10:00' },
      'test',
    );
    await h.app.services.debitRuns.work(run.runId);
    // 100.00 offline on period 3's interest, and a waiver of nothing owed is refused: the
    // penalty of period 3 is set first, then 5.00 of it waived.
    const repaid = await h.api('POST', `/api/v1/loans/${ORDER}/repayments`, {
      reference: 'MI-OFF-1',
      amount: '100.00',
      paidAt: '2026-03-15T09:00:00+08:00',
      method: 'offline',
    });
    expect(repaid.status).toBe(201);
    await h.app.database.sql.query(
      `update installments i set penalty_due = 1000, status = 'overdue' from loans l
        where l.id = i.loan_id and l.order_no = $1 and i.period = 3 and i.is_current`,
      [ORDER],
    );
    const ops = await h.callerAs('ops');
    await ops.loans.waive({
      orderNo: ORDER,
      requestKey: 'mi-waive-1',
      component: 'penalty',
      period: 3,
      amount: '5.00',
      reason: '客户投诉，减免部分罚息',
    });

    const { moneyIn } = await h.app.services.loanHistory.of(ORDER);
    expect(moneyIn.map((m) => m.source)).toEqual(['debit', 'debit', 'offline', 'waiver']);
    const [p1, p2, offline, waiver] = moneyIn;
    expect(p1).toMatchObject({ channel: 'sandbox-a', unallocated: '0.00' });
    expect(p1!.allocations.every((a) => a.period === 1)).toBe(true);
    expect(p2!.allocations.every((a) => a.period === 2)).toBe(true);
    expect(offline).toMatchObject({
      reference: 'MI-OFF-1',
      amount: '100.00',
      allocations: [{ period: 3, component: 'interest', amount: '100.00' }],
    });
    expect(waiver).toMatchObject({
      amount: '5.00',
      allocations: [{ period: 3, component: 'penalty', amount: '5.00' }],
    });
    // Each row's allocations add up to its amount, and all of them to what the plan shows paid
    // (collected) plus what was waived.
    for (const m of moneyIn)
      expect(m.allocations.reduce((s, a) => s + fen(a.amount), 0n) + fen(m.unallocated)).toBe(
        fen(m.amount),
      );
    const [paid] = await h.app.database.sql.query<{ paid: string }>(
      `select sum(principal_paid + interest_paid + fee_paid + penalty_paid)::text as paid
         from installments i join loans l on l.id = i.loan_id where l.order_no = $1 and i.is_current`,
      [ORDER],
    );
    const collected = moneyIn
      .filter((m) => m.source !== 'waiver')
      .reduce((s, m) => s + fen(m.amount), 0n);
    expect(collected).toBe(BigInt(paid!.paid));

    // A reversal of period 2's debit is listed as negative, with the same components.
    const [order] = await h.app.database.sql.query<{ key: string }>(
      `select d.idempotency_key as key from debit_orders d join installments i on i.id = d.installment_id
         join loans l on l.id = d.loan_id where l.order_no = $1 and i.period = 2 and d.status = 'succeeded'`,
      [ORDER],
    );
    await h.app.services.debitResults.reverse(order!.key, '对账单未见此笔', systemActor('test'));
    const after = (await h.app.services.loanHistory.of(ORDER)).moneyIn;
    const reversal = after.find((m) => m.source === 'reversal')!;
    expect(reversal.amount).toBe(`-${p2!.amount}`);
    expect(reversal.allocations.map((a) => a.period)).toEqual(p2!.allocations.map(() => 2));
  });
});
