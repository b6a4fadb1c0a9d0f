// A debit whose success is learned days later (the channel held it as pending; our query
// finds the success after the accrual ran on): it pays what was owed on its window's date, and
// the charges accrued after that date are accrued again from the installment as paid, in
// reversal rows of the next revision, to the fen (docs/domain.md, Overdue).
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/harness';

let sandbox: Sandbox;
let h: Harness;
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);
/** F-TRUST-01 (demo rules): fen × 0.12 × 1.5 / 360 per day = fen × 0.0005, rounded on the total. */
const charged = (fen: bigint, days: number) => (fen * 5n * BigInt(days) + 5_000n) / 10_000n;
const PENDING_CARD = '6222020200112030099'; // the sandbox answers pending, success after 2 s

async function period1() {
  const [row] = await q<{
    id: bigint;
    principal: bigint;
    interest: bigint;
    principalPaid: bigint;
    interestPaid: bigint;
    penaltyDue: bigint;
    penaltyPaid: bigint;
    status: string;
  }>(
    `select i.id, i.principal_due as principal, i.interest_due as interest,
            i.principal_paid as "principalPaid", i.interest_paid as "interestPaid",
            i.penalty_due as "penaltyDue", i.penalty_paid as "penaltyPaid", i.status
       from installments i join loans l on l.id = i.loan_id
      where l.order_no = 'LATE-1' and i.is_current and i.period = 1`,
  );
  return row!;
}

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  // The morning of 03-13: period 1 (due 02-15) is 26 days overdue.
  h = await startHarness({
    clock: '2026-03-13T10:00:00+08:00',
    sandboxUrl: await sandbox.app.listen({ port: 0, host: '127.0.0.1' }),
  });
  for (const c of sandbox.channels.values())
    c.profile = { ...c.profile, notify: { ...c.profile.notify, delayMs: 600_000 } };
  const mobile = '13800138011';
  await h.createLoan({
    orderNo: 'LATE-1',
    borrower: { name: '李四', idNo: '110101199003071233', mobile },
  });
  await h.bindCard({
    orderNo: 'LATE-1',
    cardNo: PENDING_CARD,
    bankCode: 'ICBC',
    mobile,
  });
}, 60_000);
afterAll(async () => {
  await h?.close();
  await sandbox?.app.close();
});

describe('a debit of 03-13 whose success is learned on 03-15', () => {
  let orderKey = '';
  let amount = 0n;

  it('is sent on 03-13 for what is owed that day, and stays pending', async () => {
    await h.app.services.overdueAccrual.accrueDate('2026-03-13', 'test');
    const run = await h.app.services.debitRuns.startRun(
      { date: '2026-03-13', window: '10:00' },
      'test',
    );
    await h.app.services.debitRuns.work(run.runId);
    const [order] = await q<{ key: string; status: string; amount: bigint }>(
      `select idempotency_key as key, status, amount from debit_orders`,
    );
    const p = await period1();
    expect(order).toMatchObject({ status: 'pending' });
    expect(order!.amount).toBe(
      p.principal + p.interest + charged(p.principal, 26) + charged(p.interest, 26),
    );
    orderKey = order!.key;
    amount = order!.amount;
  });

  it('the accrual goes on for 03-14 and 03-15 while the debit is unknown', async () => {
    h.clock.advance(2 * 24 * 3600_000); // 2026-03-15 10:00
    await h.app.services.overdueAccrual.accrueDate('2026-03-14', 'test');
    await h.app.services.overdueAccrual.accrueDate('2026-03-15', 'test');
    const p = await period1();
    expect(p.penaltyDue).toBe(charged(p.principal, 28) + charged(p.interest, 28));
  });

  it('the query finds the success: 03-13 dues paid, 03-14 and 03-15 reversed, the installment closes', async () => {
    await new Promise((r) => setTimeout(r, 2600)); // the sandbox resolves pending orders after 2 s
    expect(await h.app.services.debitCompensation.sweep()).toBe(1);
    const [order] = await q<{ status: string }>(
      `select status from debit_orders where idempotency_key = $1`,
      [orderKey],
    );
    expect(order!.status).toBe('succeeded');

    const p = await period1();
    const owedOn13 = charged(p.principal, 26) + charged(p.interest, 26);
    expect(p).toMatchObject({
      status: 'paid',
      principalPaid: p.principal,
      interestPaid: p.interest,
      penaltyDue: owedOn13,
      penaltyPaid: owedOn13,
    });
    expect(p.principal + p.interest + owedOn13).toBe(amount);

    const rows = await q<{
      charge: string;
      date: string;
      revision: number;
      amount: bigint;
      total: bigint;
    }>(
      `select charge_id as charge, business_date::text as date, revision, amount, total
         from fee_accruals where installment_id = $1 and revision = 1 order by charge_id, business_date`,
      [p.id],
    );
    const day = (charge: string, date: string, days: number, base: bigint) => ({
      charge,
      date,
      revision: 1,
      amount: -(charged(base, days) - charged(base, days - 1)),
      total: charged(base, 26),
    });
    expect(rows).toEqual([
      day('compound', '2026-03-14', 27, p.interest),
      day('compound', '2026-03-15', 28, p.interest),
      day('penalty', '2026-03-14', 27, p.principal),
      day('penalty', '2026-03-15', 28, p.principal),
    ]);
  });

  it('the books balance and the penalty income is what was owed on 03-13', async () => {
    const [ledger] = await q<{ total: bigint; penalty: bigint }>(
      `select (select coalesce(sum(amount), 0)::bigint from ledger_entries) as total,
              (select coalesce(-sum(e.amount), 0)::bigint from ledger_entries e
                 join ledger_accounts a on a.id = e.account_id where a.code like 'income.penalty:%') as penalty`,
    );
    const p = await period1();
    expect(ledger!.total).toBe(0n);
    expect(ledger!.penalty).toBe(p.penaltyPaid);
  });
});
