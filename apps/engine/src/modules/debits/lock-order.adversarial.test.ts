// Adversarial: every money path locks in one order (order rows → loan → quote → installments),
// so two of them on the same loan wait for each other instead of deadlocking. A second
// connection holds, for a moment, a lock that the real paths take anyway, so that the paths
// meet in the same interleaving on every run; then no deadlock may have happened.
// Deadlocks need two connections: these cases are registered on PostgreSQL only (PGlite has a
// single connection, where no two transactions can interleave at all).
import { luhnCardNo } from '@repay/rules';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '@repay/db/testing';
import { startHarness, type Harness } from '../../testing/harness';
import { moneyViolations } from '../../testing/money-invariants';
import { createDebitsRepo } from './debits.repo';
import { orderKeyOf } from './runs.service';

let h: Harness;
let other: postgres.Sql;
let seq = 0;
const q = <T extends object>(t: string, p: unknown[] = []) => h.app.database.sql.query<T>(t, p);

async function deadlocks(): Promise<number> {
  const [row] = await other.unsafe<{ n: number }[]>(
    `select deadlocks::int as n from pg_stat_database where datname = current_database()`,
  );
  return row!.n;
}

async function loanDue(orderNo: string) {
  seq++;
  const mobile = `136${String(60_000_000 + seq).slice(-8)}`;
  await h.createLoan({
    orderNo,
    borrower: { name: '吴十', idNo: '110101199003071233', mobile },
    card: {
      cardNo: luhnCardNo(`62220207${String(seq).padStart(6, '0')}`, '0000'),
      bankCode: 'ICBC',
    },
  });
  const [p1] = await q<{
    id: bigint;
    loanId: bigint;
    funderId: bigint;
    cardId: bigint;
    owed: bigint;
  }>(
    `select i.id, l.id as "loanId", l.funder_id as "funderId", l.card_id as "cardId",
            (i.principal_due - i.principal_paid + i.interest_due - i.interest_paid)::bigint as owed
       from installments i join loans l on l.id = i.loan_id where l.order_no = $1 and i.is_current
      order by i.period limit 1`,
    [orderNo],
  );
  return p1!;
}

const windowOrder = (p: Awaited<ReturnType<typeof loanDue>>, window: string) =>
  createDebitsRepo(h.app.database).insertSubmittedOrders(
    [
      {
        idempotencyKey: orderKeyOf(h.clock.today(), window, p.id),
        loanId: p.loanId,
        installmentId: p.id,
        funderId: p.funderId,
        cardId: p.cardId,
        amount: p.owed,
        ruleVersions: {},
        channelCode: 'sandbox-a',
        routing: null,
        rawCode: null,
        rawMessage: null,
      },
    ],
    { businessDate: h.clock.today(), window, runId: 0n, nextQueryAt: new Date() },
    { type: 'system', id: 'lock-order' },
  );

const waitingCount = async (like: string) =>
  (
    await other.unsafe<{ n: number }[]>(
      `select count(*)::int as n from pg_stat_activity where datname = current_database()
         and wait_event_type = 'Lock' and query like $1`,
      [like],
    )
  )[0]!.n;

/** Until `n` statements like this wait for a lock. */
const waiting = (like: string, n = 1) =>
  expect.poll(() => waitingCount(like), { timeout: 10_000, interval: 20 }).toBe(n);

/** Until the path has ended, or waits for a lock in a statement like this. */
async function endedOrWaiting(path: Promise<unknown>, like: string) {
  let ended = false;
  void path.finally(() => (ended = true));
  await expect
    .poll(async () => ended || (await waitingCount(like)) > 0, { timeout: 10_000, interval: 20 })
    .toBe(true);
}

type Outcome = { ok: true; v: unknown } | { ok: false; error: string };
const outcome = (p: Promise<unknown>): Promise<Outcome> =>
  p.then(
    (v) => ({ ok: true as const, v }),
    (e: unknown) => ({ ok: false as const, error: String((e as Error).message) }),
  );
const status = (x: Outcome) => (x.ok ? (x.v as { status: number }).status : 0);
const success = (key: string, amountFen: bigint, serial: string) =>
  h.app.services.debitResults.apply(
    key,
    {
      resultClass: 'success',
      rawCode: '0000',
      rawMessage: 'success',
      data: { orderId: key, amountFen, channelSerial: serial },
    },
    { type: 'system', id: 'lock-order' },
    'notification',
    'sandbox-a',
  );
const repay = (orderNo: string, reference: string) =>
  h.api('POST', `/api/v1/loans/${orderNo}/repayments`, {
    amount: '100.00',
    paidAt: '2026-03-15T09:00:00+08:00',
    reference,
    method: 'offline',
  });

/** A transaction on the second connection holding one lock until `release()`. */
async function hold(statement: string, params: unknown[]) {
  const holder = await other.reserve();
  await holder.unsafe('begin');
  await holder.unsafe(statement, params as never[]);
  return async () => {
    await holder.unsafe('commit');
    holder.release();
  };
}

describe.runIf(testDatabaseUrl() !== undefined)('one lock order on PostgreSQL', () => {
  let before = 0;
  beforeAll(async () => {
    h = await startHarness();
    other = postgres(h.database.url!, { max: 2, onnotice: () => {} });
    before = await deadlocks();
  }, 120_000);
  afterAll(async () => {
    await other?.end();
    await h?.close();
  });

  it('an offline repayment and a window insert of the same loan do not deadlock', async () => {
    const p1 = await loanDue('LO-REPAY');
    // A window insert of another installment of the loan, still open.
    const release = await hold('select id from loans where id = $1 for key share', [p1.loanId]);
    const paying = outcome(repay('LO-REPAY', 'LO-REPAY-1'));
    await endedOrWaiting(paying, '%FROM loans WHERE id = ANY%');
    const inserting = outcome(windowOrder(p1, '10:00'));
    await endedOrWaiting(inserting, '%INSERT INTO debit_orders%');
    await release();
    expect([status(await paying), (await inserting).ok]).toEqual([201, true]);
  });

  it('an offline repayment and an offline settlement of the same loan do not deadlock', async () => {
    await loanDue('LO-SETTLE');
    const quote = await h.api('GET', '/api/v1/loans/LO-SETTLE/settlement-quote');
    const release = await hold('select 1 from settlement_quotes where quote_id = $1 for update', [
      quote.body.quoteId,
    ]);
    const settling = outcome(
      h.api('POST', '/api/v1/loans/LO-SETTLE/settle', {
        quoteId: quote.body.quoteId,
        method: 'offline',
        reference: 'LO-SETTLE-1',
      }),
    );
    await waiting('%FROM settlement_quotes WHERE quote_id%');
    const paying = outcome(repay('LO-SETTLE', 'LO-SETTLE-PAY'));
    await waiting('%FROM loans WHERE id = ANY%');
    await release();
    // The settlement goes first; the repayment then finds the loan settled (422), or the
    // settlement finds the loan changed (409): either way an answer, never a 500.
    expect([status(await settling) < 500, status(await paying) < 500]).toEqual([true, true]);
  });

  it('a late success and the next window’s insert for the same installment do not deadlock', async () => {
    const p1 = await loanDue('LO-LATE');
    const [first] = await windowOrder(p1, '10:00');
    await q(`update debit_orders set status = 'failed', finished_at = now() where id = $1`, [
      first!.id,
    ]);
    const release = await hold('select id from loans where id = $1 for key share', [p1.loanId]);
    const late = outcome(success(first!.idempotencyKey, p1.owed, 'S-LATE-1'));
    await endedOrWaiting(late, '%FROM loans WHERE id = ANY%');
    const inserting = outcome(windowOrder(p1, '14:00'));
    await endedOrWaiting(inserting, '%INSERT INTO debit_orders%');
    await release();
    expect([(await late).ok, (await inserting).ok]).toEqual([true, true]);
    // The late success paid the installment: the insert that waited for it was refused.
    expect(
      await q(`select 1 from debit_orders where idempotency_key = $1`, [
        orderKeyOf(h.clock.today(), '14:00', p1.id),
      ]),
    ).toEqual([]);
  });

  it('a settlement debit’s success and the caller’s retry of the same settle do not deadlock', async () => {
    const p1 = await loanDue('LO-RETRY');
    const quote = await h.api('GET', '/api/v1/loans/LO-RETRY/settlement-quote');
    const quoteId = quote.body.quoteId as string;
    const amount = BigInt(String(quote.body.amount).replace('.', ''));
    const key = `settlement:${quoteId}:1`;
    await q(
      `insert into debit_orders (idempotency_key, loan_id, installment_id, funder_id, card_id, source,
                                 business_date, amount, status, channel_code, submitted_at, next_query_at)
       values ($1, $2, $3, $4, $5, 'settlement', $6, $7, 'submitted', 'sandbox-a', now(), now())`,
      [key, p1.loanId, p1.id, p1.funderId, p1.cardId, h.clock.today(), amount],
    );
    await q(
      `update settlement_quotes set status = 'debiting', settle_method = 'debit', settle_reference = 'LO-RETRY-1'
        where quote_id = $1`,
      [quoteId],
    );
    const release = await hold('select id from loans where id = $1 for update', [p1.loanId]);
    const settled = outcome(success(key, amount, 'S-SET-1'));
    await waiting('%FROM loans WHERE id = ANY%');
    const retry = outcome(
      h.api('POST', '/api/v1/loans/LO-RETRY/settle', {
        quoteId,
        method: 'debit',
        reference: 'LO-RETRY-1',
      }),
    );
    await waiting('%FROM loans WHERE id = $1 FOR UPDATE%');
    await release();
    expect([(await settled).ok, status(await retry)]).toEqual([true, 200]);
  });

  it('no deadlock happened, and every money invariant holds', async () => {
    expect(await deadlocks()).toBe(before);
    expect(await moneyViolations(q)).toEqual([]);
  });
});
