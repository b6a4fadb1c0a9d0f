// A reversed success (冲正) of an overdue installment: the debit of 03-13 paid period 1 (due
// 02-15) with the penalty owed that day; the accrual of 03-14 and 03-15 walks past it (paid);
// on 03-15 the success is reversed, so the installment owes it all again and is overdue. The
// next accrual run charges it again, one day per run, to the fen (F-TRUST-01: fen × 0.12 ×
// 1.5 / 360 per day, rounded on the total): the days it stood as paid accrue nothing
// (reversal.ts, "effective on the day it is made"), and the overdue days count on from the
// due date.
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { luhnCardNo } from '@repay/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../events';
import { startHarness, type Harness } from '../../testing/harness';
import { moneyViolations } from '../../testing/money-invariants';

let sandbox: Sandbox;
let h: Harness;
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);
const charged = (fen: bigint, days: number) => (fen * 5n * BigInt(days) + 5_000n) / 10_000n;
const DAY_MS = 24 * 3600_000;

async function period1(orderNo = 'REV-1') {
  const [row] = await q<{
    id: bigint;
    principal: bigint;
    interest: bigint;
    principalPaid: bigint;
    interestPaid: bigint;
    penaltyDue: bigint;
    penaltyPaid: bigint;
    status: string;
    overdueDays: number;
  }>(
    `select i.id, i.principal_due as principal, i.interest_due as interest,
            i.principal_paid as "principalPaid", i.interest_paid as "interestPaid",
            i.penalty_due as "penaltyDue", i.penalty_paid as "penaltyPaid", i.status,
            i.overdue_days as "overdueDays"
       from installments i join loans l on l.id = i.loan_id
      where l.order_no = $1 and i.is_current and i.period = 1`,
    [orderNo],
  );
  return row!;
}

const accruals = async (installmentId: bigint) =>
  q<{ charge: string; date: string; days: number; amount: bigint; total: bigint }>(
    `select charge_id as charge, business_date::text as date, overdue_days as days, amount, total
       from fee_accruals where installment_id = $1 order by business_date, charge_id`,
    [installmentId],
  );

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  h = await startHarness({
    clock: '2026-03-13T10:00:00+08:00',
    sandboxUrl: await sandbox.app.listen({ port: 0, host: '127.0.0.1' }),
  });
  for (const c of sandbox.channels.values())
    c.profile = { ...c.profile, notify: { ...c.profile.notify, delayMs: 600_000 } };
  // REV-1: period 1 due 02-15, overdue; REV-2: period 1 due 03-13, the day of the debit.
  for (const [orderNo, mobile, firstDueDate] of [
    ['REV-1', '13800138021', '2026-02-15'],
    ['REV-2', '13800138022', '2026-03-13'],
  ] as const) {
    await h.createLoan({
      orderNo,
      startDate: firstDueDate === '2026-02-15' ? '2026-01-15' : '2026-02-13',
      firstDueDate,
      borrower: { name: '李四', idNo: '110101199003071233', mobile },
    });
    await h.bindCard({
      orderNo,
      cardNo: luhnCardNo(`6222020200114${orderNo.slice(-1)}`, '0000'),
      bankCode: 'ICBC',
      mobile,
    });
  }
}, 60_000);
afterAll(async () => {
  await h?.close();
  await sandbox?.app.close();
});

describe('a success of 03-13 on an overdue installment, reversed on 03-15', () => {
  let orderKey = '';

  it('pays period 1 on 03-13 with the 26 days of penalty owed that day', async () => {
    await h.app.services.overdueAccrual.accrueDate('2026-03-13', 'test');
    const run = await h.app.services.debitRuns.startRun(
      { date: '2026-03-13', window: '10:00' },
      'test',
    );
    await h.app.services.debitRuns.work(run.runId);
    const [order] = await q<{ key: string; status: string; amount: bigint }>(
      `select d.idempotency_key as key, d.status, d.amount
         from debit_orders d join loans l on l.id = d.loan_id where l.order_no = 'REV-1'`,
    );
    const p = await period1();
    const owed = charged(p.principal, 26) + charged(p.interest, 26);
    expect(order).toMatchObject({ status: 'succeeded' });
    expect(order!.amount).toBe(p.principal + p.interest + owed);
    expect(p).toMatchObject({ status: 'paid', penaltyDue: owed, penaltyPaid: owed });
    orderKey = order!.key;
  });

  it('the accrual of 03-14 and 03-15 walks past it while it stands paid', async () => {
    h.clock.advance(2 * DAY_MS); // 2026-03-15 10:00
    await h.app.services.overdueAccrual.catchUp('test');
    const p = await period1();
    expect(p.penaltyDue).toBe(charged(p.principal, 26) + charged(p.interest, 26));
    expect((await accruals(p.id)).map((a) => a.date)).toEqual(['2026-03-13', '2026-03-13']);
  });

  it('the reversal makes it owe the principal, interest and penalty again, overdue', async () => {
    const reversed = await h.app.services.debitResults.reverse(
      orderKey,
      'the channel failed it',
      systemActor('test'),
    );
    expect(reversed).toEqual({ orderKey, status: 'reversed', installmentStatus: 'overdue' });
    const p = await period1();
    expect(p).toMatchObject({
      status: 'overdue',
      principalPaid: 0n,
      interestPaid: 0n,
      penaltyPaid: 0n,
      penaltyDue: charged(p.principal, 26) + charged(p.interest, 26),
    });
  });

  it('the next accrual run charges it again: one day, to the fen', async () => {
    h.clock.advance(DAY_MS); // 2026-03-16 10:00
    const [day] = await h.app.services.overdueAccrual.catchUp('test');
    // Period 1, and period 2 (due 03-15) overdue from today but in its grace days.
    expect(day).toMatchObject({ businessDate: '2026-03-16', installments: 2 });
    const p = await period1();
    const oneDay = (base: bigint) => charged(base, 27) - charged(base, 26);
    expect(day!.accruedFen).toBe(oneDay(p.principal) + oneDay(p.interest));
    expect(p).toMatchObject({ status: 'overdue', overdueDays: 29 });
    expect(p.penaltyDue).toBe(charged(p.principal, 27) + charged(p.interest, 27));
    expect((await accruals(p.id)).filter((a) => a.date === '2026-03-16')).toEqual([
      {
        charge: 'compound',
        date: '2026-03-16',
        days: 29,
        amount: oneDay(p.interest),
        total: charged(p.interest, 27),
      },
      {
        charge: 'penalty',
        date: '2026-03-16',
        days: 29,
        amount: oneDay(p.principal),
        total: charged(p.principal, 27),
      },
    ]);
  });

  it('and goes on a day at a time', async () => {
    h.clock.advance(DAY_MS); // 2026-03-17 10:00
    await h.app.services.overdueAccrual.catchUp('test');
    const p = await period1();
    expect(p).toMatchObject({ status: 'overdue', overdueDays: 30 });
    expect(p.penaltyDue).toBe(charged(p.principal, 28) + charged(p.interest, 28));
    expect((await accruals(p.id)).map((a) => `${a.date} ${a.days}`)).toEqual([
      '2026-03-13 26',
      '2026-03-13 26',
      '2026-03-16 29',
      '2026-03-16 29',
      '2026-03-17 30',
      '2026-03-17 30',
    ]);
  });
});

describe('a success of 03-13 on its due date, reversed on 03-17', () => {
  it('paid the installment before it was ever overdue', async () => {
    const p = await period1('REV-2');
    expect(p).toMatchObject({ status: 'paid', penaltyDue: 0n, principalPaid: p.principal });
    expect(await accruals(p.id)).toEqual([]);
  });

  it('reversed on 03-17, it accrues from 03-18 on: the four days it stood as paid are not charged', async () => {
    const [order] = await q<{ key: string }>(
      `select d.idempotency_key as key from debit_orders d join loans l on l.id = d.loan_id
        where l.order_no = 'REV-2'`,
    );
    // 2026-03-17 10:00: four days past its due date, the accrual of each walked past it.
    await h.app.services.debitResults.reverse(
      order!.key,
      'the channel failed it',
      systemActor('test'),
    );
    const p = await period1('REV-2');
    expect(p).toMatchObject({ status: 'overdue', penaltyDue: 0n });
    h.clock.advance(DAY_MS); // 2026-03-18 10:00: day 5
    await h.app.services.overdueAccrual.catchUp('test');
    const after = await period1('REV-2');
    // Grace (3 days) is over and the charge counts from the due date, but days 1 to 4 stood
    // as paid: day 5 only.
    expect(after.overdueDays).toBe(5);
    expect(after.penaltyDue).toBe(charged(p.principal, 1) + charged(p.interest, 1));
    expect(await moneyViolations(q)).toEqual([]);
  });
});
