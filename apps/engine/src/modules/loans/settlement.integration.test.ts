// Early settlement over REST (docs/api.md Collections): quotes to the fen, bad input by field,
// settling once by quoteId, never while a debit is in flight or after the loan changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/harness';

let h: Harness;
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);
const yuan = (fen: bigint) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;

async function installments(orderNo: string) {
  return q<{ period: number; principal: bigint; interest: bigint; status: string }>(
    `select i.period, (i.principal_due - i.principal_paid)::bigint as principal,
            (i.interest_due - i.interest_paid)::bigint as interest, i.status
       from installments i join loans l on l.id = i.loan_id
      where l.order_no = $1 and i.is_current order by i.period`,
    [orderNo],
  );
}

beforeAll(async () => {
  h = await startHarness(); // 2026-03-15 10:00, Asia/Shanghai
  for (const orderNo of ['ST-1', 'ST-2', 'ST-3']) await h.createLoan({ orderNo });
});
afterAll(() => h.close());

describe('settlement quotes', () => {
  it('today: periods 1 and 2 due in full, the rest principal only, no prepayment fee (F-TRUST-01)', async () => {
    const res = await h.api('GET', '/api/v1/loans/ST-1/settlement-quote?date=2026-03-15');
    expect(res.status).toBe(200);
    const rows = await installments('ST-1');
    const principal = rows.reduce((s, r) => s + r.principal, 0n);
    const interest = rows[0]!.interest + rows[1]!.interest;
    expect(res.body).toMatchObject({
      orderNo: 'ST-1',
      date: '2026-03-15',
      amount: yuan(principal + interest),
      breakdown: {
        principal: yuan(principal),
        interest: yuan(interest),
        penalty: '0.00',
        fee: '0.00',
        prepaymentFee: '0.00',
      },
      expiresAt: '2026-03-15T15:59:59.999Z',
    });
    expect(res.body.quoteId).toMatch(/^sq_[0-9a-f]{24}$/);
  });

  it('a later date charges the current period’s interest by days, half-up', async () => {
    const res = await h.api('GET', '/api/v1/loans/ST-1/settlement-quote?date=2026-03-25');
    const rows = await installments('ST-1');
    const p3 = rows[2]!.interest; // 03-15 → 04-15: 31 days, 10 elapsed
    const byDays = (p3 * 10n * 2n + 31n) / 62n;
    expect(res.body.breakdown.interest).toBe(yuan(rows[0]!.interest + rows[1]!.interest + byDays));
  });

  it('refuses bad dates and unknown loans by field, writing nothing', async () => {
    const before = await h.count('settlement_quotes');
    const cases: [string, number, string][] = [
      ['/api/v1/loans/ST-1/settlement-quote?date=2026-03-14', 422, 'date'],
      ['/api/v1/loans/ST-1/settlement-quote?date=2026-04-15', 422, 'date'],
      ['/api/v1/loans/ST-1/settlement-quote?date=soon', 400, 'date'],
      ['/api/v1/loans/NOPE/settlement-quote', 404, 'orderNo'],
    ];
    for (const [path, status, field] of cases) {
      const res = await h.api('GET', path);
      expect([res.status, res.body.error.field], path).toEqual([status, field]);
    }
    expect(await h.count('settlement_quotes')).toBe(before);
  });
});

describe('settling', () => {
  const settle = (orderNo: string, body: Record<string, unknown>) =>
    h.api('POST', `/api/v1/loans/${orderNo}/settle`, body);

  it('refuses a foreign, unknown or malformed settlement by field', async () => {
    const other = await h.api('GET', '/api/v1/loans/ST-2/settlement-quote');
    const cases: [Record<string, unknown>, number, string][] = [
      [{ quoteId: other.body.quoteId, method: 'offline', reference: 'R1' }, 422, 'quoteId'],
      [{ quoteId: 'sq_nope', method: 'offline', reference: 'R1' }, 404, 'quoteId'],
      [{ quoteId: other.body.quoteId, method: 'cash', reference: 'R1' }, 400, 'method'],
    ];
    for (const [body, status, field] of cases) {
      const res = await settle('ST-1', body);
      expect([res.status, res.body.error.field], JSON.stringify(body)).toEqual([status, field]);
    }
  });

  it('by debit without a channel agreement: the debit fails unsent and the quote is open again', async () => {
    const quote = await h.api('GET', '/api/v1/loans/ST-2/settlement-quote');
    const res = await settle('ST-2', {
      quoteId: quote.body.quoteId,
      method: 'debit',
      reference: 'R-D',
    });
    expect([res.status, res.body.status]).toEqual([200, 'failed']);
    const [order] = await q<{ status: string; raw_code: string }>(
      `select status, raw_code from debit_orders where idempotency_key = $1`,
      [`settlement:${quote.body.quoteId}:1`],
    );
    expect(order).toEqual({ status: 'failed', raw_code: 'NO_ROUTE' });
    const [row] = await q<{ status: string }>(
      `select status from settlement_quotes where quote_id = $1`,
      [quote.body.quoteId],
    );
    expect(row!.status).toBe('open');
  });

  it('never while a debit of the loan is in flight', async () => {
    const quote = await h.api('GET', '/api/v1/loans/ST-1/settlement-quote');
    await q(
      `insert into debit_orders (idempotency_key, loan_id, installment_id, funder_id, source, business_date, amount, status)
       select 'INFLIGHT-1', l.id, i.id, l.funder_id, 'manual', '2026-03-15', 100, 'submitted'
         from loans l join installments i on i.loan_id = l.id and i.period = 1 where l.order_no = 'ST-1'`,
    );
    const res = await settle('ST-1', {
      quoteId: quote.body.quoteId,
      method: 'offline',
      reference: 'R-IF',
    });
    expect([res.status, res.body.error.field]).toEqual([409, 'orderNo']);
    await q(
      `update debit_orders set status = 'failed', finished_at = now() where idempotency_key = 'INFLIGHT-1'`,
    );
    expect((await installments('ST-1')).every((i) => i.status !== 'paid')).toBe(true);
  });

  it('not after the loan changed (a repayment landed): a new quote is needed', async () => {
    const quote = await h.api('GET', '/api/v1/loans/ST-1/settlement-quote');
    const paid = await h.api('POST', '/api/v1/loans/ST-1/repayments', {
      reference: 'ST-PART',
      amount: '100.00',
      paidAt: '2026-03-15T09:00:00+08:00',
      method: 'offline',
    });
    expect(paid.status).toBe(201);
    const res = await settle('ST-1', {
      quoteId: quote.body.quoteId,
      method: 'offline',
      reference: 'R-OLD',
    });
    expect([res.status, res.body.error.field]).toEqual([409, 'quoteId']);
  });

  it('settles at the quoted amount: every installment paid, the loan settled, the ledger balanced', async () => {
    const quote = await h.api('GET', '/api/v1/loans/ST-1/settlement-quote');
    const res = await settle('ST-1', {
      quoteId: quote.body.quoteId,
      method: 'offline',
      reference: 'BANK-9',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      orderNo: 'ST-1',
      quoteId: quote.body.quoteId,
      status: 'settled',
      amount: quote.body.amount,
      method: 'offline',
      reference: 'BANK-9',
    });
    const rows = await installments('ST-1');
    expect(rows.every((r) => r.status === 'paid' && r.principal === 0n && r.interest === 0n)).toBe(
      true,
    );
    const loan = await h.api('GET', '/api/v1/loans/ST-1');
    expect(loan.body.status).toBe('settled');
    const [ledger] = await q<{ total: bigint; received: bigint }>(
      `select (select coalesce(sum(amount), 0) from ledger_entries)::bigint as total,
              (select e.amount from ledger_entries e join ledger_journals j on j.id = e.journal_id
                 join ledger_accounts a on a.id = e.account_id
                where j.kind = 'loan_settled' and a.code like 'receipts.offline:%')::bigint as received`,
    );
    expect(ledger!.total).toBe(0n);
    expect(yuan(ledger!.received)).toBe(quote.body.amount);
    expect(await h.count(`outbox_events where topic = 'loan.settled'`)).toBe(1);

    // Idempotent by quoteId: the same again answers the settlement; another reference conflicts.
    const again = await settle('ST-1', {
      quoteId: quote.body.quoteId,
      method: 'offline',
      reference: 'BANK-9',
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(res.body);
    const other = await settle('ST-1', {
      quoteId: quote.body.quoteId,
      method: 'offline',
      reference: 'BANK-10',
    });
    expect([other.status, other.body.error.field]).toEqual([409, 'quoteId']);
    // A settled loan gets no quote.
    const late = await h.api('GET', '/api/v1/loans/ST-1/settlement-quote');
    expect([late.status, late.body.error.field]).toEqual([422, 'orderNo']);
  });

  it('an expired quote is refused', async () => {
    const quote = await h.api('GET', '/api/v1/loans/ST-3/settlement-quote');
    h.clock.advance(24 * 3600_000);
    const res = await settle('ST-3', {
      quoteId: quote.body.quoteId,
      method: 'offline',
      reference: 'R-EXP',
    });
    expect([res.status, res.body.error.field]).toEqual([422, 'quoteId']);
  });
});

describe('from the console', () => {
  it('ops quote, finance settles with the bank reference; ops may not receive money', async () => {
    await h.createLoan({ orderNo: 'ST-4' });
    const ops = await h.callerAs('ops');
    const quote = await ops.loans.settlementQuote({ orderNo: 'ST-4' });
    await expect(
      ops.loans.settle({ orderNo: 'ST-4', quoteId: quote.quoteId, reference: 'B-1' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const finance = await h.callerAs('finance');
    await expect(
      finance.loans.recordRepayment({
        orderNo: 'ST-4',
        amount: '1.234',
        paidAt: '2026-03-16T09:00:00+08:00',
        reference: 'B-0',
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const settled = await finance.loans.settle({
      orderNo: 'ST-4',
      quoteId: quote.quoteId,
      reference: 'B-1',
    });
    expect(settled).toMatchObject({ status: 'settled', amount: quote.amount, method: 'offline' });
  });
});
