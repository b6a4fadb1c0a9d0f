// A backdated repayment keyed in while the daily run is between reading a batch and claiming
// it: the claim holds only for installments unchanged since the read (same updated_at), so
// the changed one is read again and accrued from its recalculated state. It ends exactly like
// a twin loan whose repayment was keyed in before the run, to the fen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/harness';
import { createOverdueAccrual } from './accrual.service';
import { createOverdueRepo, type OverdueRepo } from './overdue.repo';

let h: Harness;
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);
const yuan = (fen: bigint) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;
const charged = (fen: bigint, days: number) => (fen * 5n * BigInt(days) + 5_000n) / 10_000n;

async function period1(orderNo: string) {
  const [row] = await q<{ principal: bigint; interest: bigint; penaltyDue: bigint; rows: number }>(
    `select i.principal_due as principal, i.interest_due as interest, i.penalty_due as "penaltyDue",
            (select count(*)::int from fee_accruals a where a.installment_id = i.id) as rows
       from installments i join loans l on l.id = i.loan_id
      where l.order_no = $1 and i.is_current and i.period = 1`,
    [orderNo],
  );
  return row!;
}

/** The same partial repayment, paid on 03-13 (before the last accrued day). */
async function repayLate(orderNo: string) {
  const p = await period1(orderNo);
  const res = await h.api('POST', `/api/v1/loans/${orderNo}/repayments`, {
    amount: yuan(charged(p.principal, 26) + charged(p.interest, 26) + p.interest + 300_000n),
    paidAt: '2026-03-13T18:00:00+08:00',
    reference: `${orderNo}-LATE`,
    method: 'offline',
  });
  expect(res.status).toBe(201);
}

beforeAll(async () => {
  h = await startHarness(); // 2026-03-15
  for (const [i, orderNo] of ['RACE', 'TWIN'].entries()) {
    await h.createLoan({
      orderNo,
      borrower: { name: '钱七', idNo: '110101199003071233', mobile: `1370013700${i}` },
    });
  }
  for (const date of ['2026-03-13', '2026-03-14'])
    await h.app.services.overdueAccrual.accrueDate(date, 'test');
});
afterAll(() => h.close());

describe('a backdated repayment between a batch read and its claim', () => {
  it('is accrued from what it left, exactly like the repayment keyed in before the run', async () => {
    await repayLate('TWIN'); // before the run: an ordinary backdated repayment

    // The run for 03-15, with the RACE repayment landing right after the first batch is read.
    const exec = h.app.database;
    const repo = createOverdueRepo(exec);
    let injected = false;
    const racingRepo: OverdueRepo = {
      ...repo,
      async overdueBatch(...args) {
        const rows = await repo.overdueBatch(...args);
        if (!injected && rows.length > 0) {
          injected = true;
          await repayLate('RACE');
        }
        return rows;
      },
    };
    const accrual = createOverdueAccrual({
      repo: racingRepo,
      rules: h.app.services.ruleResolver,
      clock: h.clock,
    });
    await accrual.accrueDate('2026-03-15', 'test');
    expect(injected).toBe(true);

    const race = await period1('RACE');
    const twin = await period1('TWIN');
    const left = race.principal - 300_000n;
    // 26 days on the whole principal, 27 and 28 on what was left; compound stops at 26.
    const penalty28 = (race.principal * 5n * 26n + left * 5n * 2n + 5_000n) / 10_000n;
    expect(race.penaltyDue).toBe(penalty28 + charged(race.interest, 26));
    expect(race.penaltyDue).toBe(twin.penaltyDue);
    const [net] = await q<{ net: bigint }>(
      `select sum(a.amount)::bigint as net from fee_accruals a join installments i on i.id = a.installment_id
         join loans l on l.id = i.loan_id where l.order_no = 'RACE' and i.period = 1`,
    );
    expect(net!.net).toBe(race.penaltyDue);
  });
});
