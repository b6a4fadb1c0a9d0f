// docs/api.md Collections: offline repayments, idempotent by reference, allocated by the waterfall
// (penalty → fee → interest → principal, oldest installment first), cent-exact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/harness';

let h: Harness;
const orderNo = 'REPAY-1';
const url = `/api/v1/loans/${orderNo}/repayments`;
const body = (over: Record<string, unknown> = {}) => ({
  amount: '0.00',
  paidAt: '2026-03-15T09:30:00+08:00',
  reference: 'BANK-REF-1',
  method: 'offline',
  ...over,
});
let dues: { period: number; principal: bigint; interest: bigint }[];

beforeAll(async () => {
  h = await startHarness();
  await h.createLoan({ orderNo });
  dues = await h.app.database.sql.query<{ period: number; principal: bigint; interest: bigint }>(
    `select i.period, i.principal_due as principal, i.interest_due as interest
       from installments i join loans l on l.id = i.loan_id where l.order_no = $1 order by i.period`,
    [orderNo],
  );
});
afterAll(() => h.close());

const yuanOf = (fen: bigint) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;
const paidOf = () =>
  h.app.database.sql.query<{ period: number; status: string; principal: bigint; interest: bigint }>(
    `select i.period, i.status, i.principal_paid as principal, i.interest_paid as interest
       from installments i join loans l on l.id = i.loan_id where l.order_no = $1 and i.period <= 3 order by i.period`,
    [orderNo],
  );

describe('offline repayments', () => {
  it('refuses bad input naming the field, and changes nothing', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ amount: '12.345' }, 400, 'amount'],
      [{ amount: '0.00' }, 400, 'amount'],
      [{ amount: '10.00', paidAt: 'yesterday' }, 400, 'paidAt'],
      [{ amount: '10.00', paidAt: '2026-03-16T09:00:00+08:00' }, 422, 'paidAt'],
      [{ amount: '10.00', method: 'cash' }, 400, 'method'],
      [{ amount: '99999999.00' }, 422, 'amount'],
    ];
    for (const [over, status, field] of cases) {
      const res = await h.api('POST', url, body(over));
      expect(res.status, JSON.stringify(over)).toBe(status);
      expect(res.body).toMatchObject({ error: { field } });
    }
    expect(
      (await h.api('POST', '/api/v1/loans/NO-SUCH/repayments', body({ amount: '1.00' }))).status,
    ).toBe(404);
    expect(await h.count('repayments')).toBe(0);
    expect((await paidOf()).every((i) => i.principal === 0n && i.interest === 0n)).toBe(true);
  });

  it('pays the oldest installment in full, then the next one’s interest first, to the fen', async () => {
    const first = dues[0]!.principal + dues[0]!.interest;
    const amount = first + 10_000n; // period 1 in full, plus ¥100.00
    const res = await h.api('POST', url, body({ amount: yuanOf(amount) }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ orderNo, reference: 'BANK-REF-1', amount: yuanOf(amount) });
    const [p1, p2, p3] = await paidOf();
    expect(p1).toEqual({
      period: 1,
      status: 'paid',
      principal: dues[0]!.principal,
      interest: dues[0]!.interest,
    });
    expect(p2).toEqual({ period: 2, status: 'partially_paid', principal: 0n, interest: 10_000n });
    expect(p3).toMatchObject({ principal: 0n, interest: 0n });
    expect(res.body.allocations).toEqual([
      { period: 1, component: 'interest', amount: yuanOf(dues[0]!.interest) },
      { period: 1, component: 'principal', amount: yuanOf(dues[0]!.principal) },
      { period: 2, component: 'interest', amount: '100.00' },
    ]);
    const [loan] = await h.app.database.sql.query<{ principal: bigint; outstanding: bigint }>(
      `select principal, outstanding_principal as outstanding from loans where order_no = $1`,
      [orderNo],
    );
    expect(loan!.outstanding).toBe(loan!.principal - dues[0]!.principal);
  });

  it('is idempotent by reference; other content under it is a conflict', async () => {
    const again = await h.api(
      'POST',
      url,
      body({ amount: yuanOf(dues[0]!.principal + dues[0]!.interest + 10_000n) }),
    );
    expect(again.status).toBe(200);
    const other = await h.api('POST', url, body({ amount: '1.00' }));
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ error: { field: 'reference' } });
    expect(await h.count('repayments')).toBe(1);
  });

  it('posts one balanced journal into offline receipts', async () => {
    const [row] = await h.app.database.sql.query<{
      receipts: bigint;
      total: bigint;
      journals: number;
    }>(
      `select (select sum(e.amount) from ledger_entries e join ledger_accounts a on a.id = e.account_id
                where a.code like 'receipts.offline:%')::bigint as receipts,
              (select sum(amount) from ledger_entries)::bigint as total,
              (select count(*)::int from ledger_journals where kind = 'repayment_received') as journals`,
    );
    expect(row).toEqual({
      receipts: dues[0]!.principal + dues[0]!.interest + 10_000n,
      total: 0n,
      journals: 1,
    });
  });

  it('shows on the loan’s history with the event it sent', async () => {
    const auditor = await h.callerAs('auditor');
    const history = await auditor.loans.history({ orderNo });
    expect(history.repayments).toEqual([
      expect.objectContaining({
        reference: 'BANK-REF-1',
        amount: yuanOf(dues[0]!.principal + dues[0]!.interest + 10_000n),
        paidAt: '2026-03-15T01:30:00.000Z',
      }),
    ]);
    expect(history.events.map((e) => e.topic)).toEqual(
      expect.arrayContaining(['loan.created', 'repayment.received']),
    );
    await expect(auditor.loans.history({ orderNo: 'NOPE' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
