// Settling by debit (docs/api.md `POST /loans/{orderNo}/settle` with method "debit"), over HTTP to
// the channel sandbox: one debit of the quoted amount; success settles the loan as quoted,
// a failure gives the quote back, an unknown answer keeps it debiting (and everything else out).
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/harness';

let sandbox: Sandbox;
let h: Harness;
const CARDS = {
  ok: '6222020200112430000',
  funds: '6222020200112330051',
  pending: '6222020200112030099',
  unsent: '6222020200112830001',
} as const;
type Case = keyof typeof CARDS;
const orderNoOf = (c: Case) => `SD-${c.toUpperCase()}`;
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  const sandboxUrl = await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
  h = await startHarness({ sandboxUrl });
  let n = 0;
  for (const c of Object.keys(CARDS) as Case[]) {
    n++;
    const mobile = `1390013900${n}`;
    await h.createLoan({
      orderNo: orderNoOf(c),
      principal: '10000.00',
      borrower: { name: '李四', idNo: '110101199003071233', mobile },
      card: undefined,
    });
    const { bound } = await h.bindCard({
      orderNo: orderNoOf(c),
      cardNo: CARDS[c],
      bankCode: 'ICBC',
      mobile,
    });
    expect(bound.status).toBe(200);
  }
  for (const ch of sandbox.channels.values())
    ch.profile = { ...ch.profile, notify: { ...ch.profile.notify, delayMs: 600_000 } };
});
afterAll(async () => {
  await h.close();
  await sandbox.app.close();
});

const quote = async (c: Case) => {
  const res = await h.api('GET', `/api/v1/loans/${orderNoOf(c)}/settlement-quote`);
  expect(res.status).toBe(200);
  return res.body as { quoteId: string; amount: string };
};
const settle = (c: Case, quoteId: string, method: string, reference: string) =>
  h.api('POST', `/api/v1/loans/${orderNoOf(c)}/settle`, { quoteId, method, reference });
const ordersOf = (c: Case) =>
  q<{ key: string; status: string; amount: bigint; source: string }>(
    `select d.idempotency_key as key, d.status, d.amount, d.source from debit_orders d
       join loans l on l.id = d.loan_id where l.order_no = $1 order by d.id`,
    [orderNoOf(c)],
  );

describe('settling by debit', () => {
  it('success: one debit of the quoted amount settles the loan as quoted, into channel clearing', async () => {
    const qt = await quote('ok');
    const res = await settle('ok', qt.quoteId, 'debit', 'SD-REF-1');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'settled', method: 'debit', amount: qt.amount });
    const orders = await ordersOf('ok');
    expect(orders).toEqual([
      {
        key: `settlement:${qt.quoteId}:1`,
        status: 'succeeded',
        amount: BigInt(qt.amount.replace('.', '')),
        source: 'settlement',
      },
    ]);
    const [loan] = await q<{ status: string; open: number }>(
      `select l.status, (select count(*)::int from installments i where i.loan_id = l.id and i.is_current
                          and i.status in ('pending', 'partially_paid', 'overdue')) as open
         from loans l where l.order_no = $1`,
      [orderNoOf('ok')],
    );
    expect(loan).toEqual({ status: 'settled', open: 0 });
    const [books] = await q<{ clearing: string; total: string }>(
      `select (select sum(e.amount) from ledger_entries e join ledger_accounts a on a.id = e.account_id
                join ledger_journals j on j.id = e.journal_id
               where j.kind = 'loan_settled' and a.code like 'clearing.collections:%')::text as clearing,
              (select sum(amount) from ledger_entries)::text as total`,
    );
    expect(books).toEqual({ clearing: qt.amount.replace('.', ''), total: '0' });
    // The same again answers the same; the quote cannot be used with another reference.
    const again = await settle('ok', qt.quoteId, 'debit', 'SD-REF-1');
    expect([again.status, again.body.status]).toEqual([200, 'settled']);
    expect((await ordersOf('ok')).length).toBe(1);
    const other = await settle('ok', qt.quoteId, 'offline', 'BANK-X');
    expect([other.status, other.body.error.field]).toEqual([409, 'quoteId']);
  });

  it('insufficient funds: the quote is open again and can be paid offline', async () => {
    const qt = await quote('funds');
    const res = await settle('funds', qt.quoteId, 'debit', 'SD-REF-2');
    expect([res.status, res.body.status]).toEqual([200, 'failed']);
    expect((await ordersOf('funds')).map((o) => o.status)).toEqual(['failed']);
    const offline = await settle('funds', qt.quoteId, 'offline', 'BANK-FUNDS');
    expect([offline.status, offline.body.status]).toEqual([200, 'settled']);
  });

  it('unknown answer: 202 pending, the quote waits, and nothing else settles the loan meanwhile', async () => {
    const qt = await quote('pending');
    const res = await settle('pending', qt.quoteId, 'debit', 'SD-REF-3');
    expect([res.status, res.body.status]).toEqual([202, 'pending']);
    const [row] = await q<{ status: string }>(
      `select status from settlement_quotes where quote_id = $1`,
      [qt.quoteId],
    );
    expect(row!.status).toBe('debiting');
    const offline = await settle('pending', qt.quoteId, 'offline', 'BANK-P');
    expect([offline.status, offline.body.error.field]).toEqual([409, 'quoteId']);
    const fresh = await quote('pending');
    const other = await settle('pending', fresh.quoteId, 'offline', 'BANK-P2');
    expect([other.status, other.body.error.field]).toEqual([409, 'orderNo']);
    const [loan] = await q<{ status: string }>(`select status from loans where order_no = $1`, [
      orderNoOf('pending'),
    ]);
    expect(loan!.status).toBe('active');
  });

  it('a settlement debit left unsent is sent by the retry with the same reference', async () => {
    const qt = await quote('unsent');
    // As if the first call committed the order and the quote, then died before sending.
    await q(
      `insert into debit_orders (idempotency_key, loan_id, installment_id, funder_id, card_id, source, business_date, amount)
       select $1, l.id, i.id, l.funder_id, l.card_id, 'settlement', '2026-03-15', $2
         from loans l join installments i on i.loan_id = l.id and i.period = 1 where l.order_no = $3`,
      [`settlement:${qt.quoteId}:1`, BigInt(qt.amount.replace('.', '')), orderNoOf('unsent')],
    );
    await q(
      `update settlement_quotes set status = 'debiting', settle_method = 'debit', settle_reference = 'SD-REF-4'
        where quote_id = $1`,
      [qt.quoteId],
    );
    const res = await settle('unsent', qt.quoteId, 'debit', 'SD-REF-4');
    expect([res.status, res.body.status]).toEqual([200, 'settled']);
    expect((await ordersOf('unsent')).map((o) => [o.key, o.status])).toEqual([
      [`settlement:${qt.quoteId}:1`, 'succeeded'],
    ]);
  });
});
