// Asset transfers over REST (docs/api.md) and tRPC: completion at once or on the cut-off, every
// collection on the books of the owner at its effective date, per-funder receivables that agree
// with the loans they own, replays and bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/harness';

let h: Harness;
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);
const transfer = (body: Record<string, unknown>) => h.api('POST', '/api/v1/asset-transfers', body);
const repay = (orderNo: string, reference: string, amount: string, paidAt: string) =>
  h.api('POST', `/api/v1/loans/${orderNo}/repayments`, {
    reference,
    amount,
    paidAt,
    method: 'offline',
  });

/** The loan's balance per account code (fen), zero balances left out. */
async function books(orderNo: string) {
  const rows = await q<{ code: string; balance: string }>(
    `select a.code, sum(e.amount)::text as balance
       from ledger_entries e join ledger_accounts a on a.id = e.account_id join loans l on l.id = e.loan_id
      where l.order_no = $1 group by a.code having sum(e.amount) <> 0 order by a.code`,
    [orderNo],
  );
  return Object.fromEntries(rows.map((r) => [r.code, BigInt(r.balance)]));
}
const outstanding = async (orderNo: string) =>
  (
    await q<{ p: string }>(
      `select outstanding_principal::text as p from loans where order_no = $1`,
      [orderNo],
    )
  )[0]!.p;
const ownerOf = async (orderNo: string) =>
  (
    await q<{ code: string }>(
      `select f.code from loans l join funders f on f.id = l.funder_id where l.order_no = $1`,
      [orderNo],
    )
  )[0]!.code;

beforeAll(async () => {
  h = await startHarness(); // 2026-03-15 10:00 Asia/Shanghai
  for (const orderNo of ['TR-1', 'TR-2', 'TR-3', 'TR-4', 'TR-5']) await h.createLoan({ orderNo });
});
afterAll(() => h.close());

describe('a cut-off in the past completes at once', () => {
  it('collections from the cut-off on move to the buyer, earlier ones stay; the receivable moves', async () => {
    // Period 1 (8,884.88: 1,000.00 interest + 7,884.88 principal) paid before the cut-off,
    // 500.00 of period 2's interest after it.
    expect((await repay('TR-1', 'TR1-A', '8884.88', '2026-02-20T10:00:00+08:00')).status).toBe(201);
    expect((await repay('TR-1', 'TR1-B', '500.00', '2026-03-10T10:00:00+08:00')).status).toBe(201);
    const request = {
      orderNos: ['TR-1'],
      toFunderCode: 'F-BANK-02',
      cutoffDate: '2026-03-01',
      priceRatio: '0.98',
    };
    // Two weeks back: an API key's request waits for a person's approval (approval.ts).
    const asked = await transfer(request);
    expect([asked.status, asked.body.status]).toEqual([202, 'pending_approval']);
    await (
      await h.callerAs('finance')
    ).transfers.decide({ transferId: asked.body.transferId, approve: true, reason: 'agreed' });
    const res = await transfer(request);
    expect([res.status, res.body.transferId]).toEqual([200, asked.body.transferId]);
    expect(res.body).toMatchObject({
      status: 'completed',
      orderNos: ['TR-1'],
      toFunderCode: 'F-BANK-02',
      cutoffDate: '2026-03-01',
      priceRatio: '0.98',
    });
    expect(res.body.transferId).toMatch(/^tr_[0-9a-f]{24}$/);
    expect(await ownerOf('TR-1')).toBe('F-BANK-02');
    const left = BigInt(await outstanding('TR-1'));
    expect(left).toBe(10000000n - 788488n);
    expect(await books('TR-1')).toEqual({
      'funding.payable:F-TRUST-01': -10000000n,
      'receipts.offline:F-TRUST-01': 888488n,
      'income.interest:F-TRUST-01': -100000n,
      'receivable.principal:F-BANK-02': left,
      'receipts.offline:F-BANK-02': 50000n,
      'income.interest:F-BANK-02': -50000n,
      // The seller's receivable of the loan is gone (zero): 7,884.88 collected, 92,115.12 sold.
    });
    const finance = await h.callerAs('finance');
    const detail = await finance.transfers.get({ transferId: res.body.transferId });
    // 92,115.12 × 0.98 = 90,272.8176 → 90,272.82
    expect(detail.loans).toEqual([
      expect.objectContaining({
        orderNo: 'TR-1',
        fromFunderCode: 'F-TRUST-01',
        principal: '92115.12',
        price: '90272.82',
      }),
    ]);
    expect(await h.count(`outbox_events where topic = 'loan.transferred'`)).toBe(1);
  });

  it('a repayment recorded later but paid before the cut-off is the seller’s, and the sold receivable trued up', async () => {
    const before = BigInt(await outstanding('TR-1'));
    // 1,000.00 paid 02-25: period 2's remaining 421.12 interest… the waterfall decides; the
    // principal part of it lowers what the buyer bought.
    expect((await repay('TR-1', 'TR1-C', '1000.00', '2026-02-25T10:00:00+08:00')).status).toBe(201);
    const principalPaid = before - BigInt(await outstanding('TR-1'));
    expect(principalPaid).toBeGreaterThan(0n);
    const b = await books('TR-1');
    expect(b['receivable.principal:F-BANK-02']).toBe(BigInt(await outstanding('TR-1')));
    expect(b['receivable.principal:F-TRUST-01'] ?? 0n).toBe(0n);
    expect(b['receipts.offline:F-TRUST-01']).toBe(888488n + 100000n);
  });
});

describe('a cut-off ahead is scheduled', () => {
  it('waits, then the daily job completes it on the date', async () => {
    const res = await transfer({
      orderNos: ['TR-2', 'TR-3'],
      toFunderCode: 'F-SELF-03',
      cutoffDate: '2026-03-17',
      priceRatio: '1',
    });
    expect([res.status, res.body.error]).toEqual([201, undefined]);
    expect(res.body.status).toBe('scheduled');
    expect(await ownerOf('TR-2')).toBe('F-TRUST-01');
    expect(await h.app.services.transfers.completeDue()).toEqual([]);
    // Paid on 03-16, before the cut-off: the seller's.
    h.clock.advance(24 * 3600_000); // 2026-03-16
    expect((await repay('TR-2', 'TR2-A', '100.00', '2026-03-16T09:00:00+08:00')).status).toBe(201);
    expect(await h.app.services.transfers.completeDue()).toEqual([]);
    h.clock.advance(24 * 3600_000); // 2026-03-17
    expect(await h.app.services.transfers.completeDue()).toEqual([res.body.transferId]);
    expect(await h.app.services.transfers.completeDue()).toEqual([]);
    expect([await ownerOf('TR-2'), await ownerOf('TR-3')]).toEqual(['F-SELF-03', 'F-SELF-03']);
    const b = await books('TR-2');
    expect(b['receipts.offline:F-TRUST-01']).toBe(10000n);
    expect(b['receivable.principal:F-SELF-03']).toBe(BigInt(await outstanding('TR-2')));
    const again = await transfer({
      orderNos: ['TR-3', 'TR-2'],
      toFunderCode: 'F-SELF-03',
      cutoffDate: '2026-03-17',
      priceRatio: '1.00',
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ transferId: res.body.transferId, status: 'completed' });
  });

  it('per funder, the ledger’s principal receivable equals the outstanding principal of the loans it owns', async () => {
    const finance = await h.callerAs('finance');
    for (const r of await finance.transfers.receivables())
      expect(r.ledgerReceivable, r.funderCode).toBe(r.outstandingPrincipal);
    const [total] = await q<{ t: string }>(
      `select coalesce(sum(amount), 0)::text as t from ledger_entries`,
    );
    expect(total!.t).toBe('0');
  });
});

describe('bad input changes nothing', () => {
  it('is refused by field', async () => {
    await q(`update loans set status = 'settled' where order_no = 'TR-5'`);
    await transfer({
      orderNos: ['TR-4'],
      toFunderCode: 'F-BANK-02',
      cutoffDate: '2026-04-01',
      priceRatio: '1',
    });
    const before = await h.count('asset_transfers');
    const ok = {
      orderNos: ['TR-4'],
      toFunderCode: 'F-SELF-03',
      cutoffDate: '2026-04-01',
      priceRatio: '1',
    };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...ok, orderNos: ['TR-1'], toFunderCode: 'F-BANK-02' }, 422, 'toFunderCode'],
      [{ ...ok, orderNos: ['TR-5'] }, 422, 'orderNos'],
      [{ ...ok, orderNos: ['TR-1', 'NOPE'] }, 404, 'orderNos'],
      [{ ...ok, orderNos: ['TR-1', 'TR-1'] }, 400, 'orderNos'],
      [{ ...ok, orderNos: [] }, 400, 'orderNos'],
      [{ ...ok, toFunderCode: 'F-NONE' }, 422, 'toFunderCode'],
      [{ ...ok, priceRatio: '0' }, 400, 'priceRatio'],
      [{ ...ok, priceRatio: 'one' }, 400, 'priceRatio'],
      [{ ...ok, cutoffDate: '2026-02-30' }, 400, 'cutoffDate'],
      [ok, 409, 'orderNos'], // TR-4 waits for its 04-01 cut-off
      [{ ...ok, orderNos: ['TR-1'], cutoffDate: '2026-02-01' }, 422, 'cutoffDate'],
    ];
    for (const [body, status, field] of cases) {
      const res = await transfer(body);
      expect([res.status, res.body.error?.field], JSON.stringify(body)).toEqual([status, field]);
    }
    expect(await h.count('asset_transfers')).toBe(before);
  });

  it('finance transfers from the console, ops may not; each loan shows its history', async () => {
    const ops = await h.callerAs('ops');
    await expect(
      ops.transfers.create({
        orderNos: ['TR-1'],
        toFunderCode: 'F-SELF-03',
        cutoffDate: '2026-05-01',
        priceRatio: '1',
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const finance = await h.callerAs('finance');
    const t = await finance.transfers.create({
      orderNos: ['TR-1'],
      toFunderCode: 'F-SELF-03',
      cutoffDate: '2026-05-01',
      priceRatio: '1',
    });
    expect(t.status).toBe('scheduled');
    const history = await ops.transfers.ofLoan({ orderNo: 'TR-1' });
    expect(history.map((x) => [x.fromFunderCode, x.toFunderCode, x.status])).toEqual([
      ['F-TRUST-01', 'F-BANK-02', 'completed'],
      ['F-BANK-02', 'F-SELF-03', 'scheduled'],
    ]);
    const scheduled = await ops.transfers.list({ status: 'scheduled', limit: 10 });
    expect(scheduled.items).toHaveLength(2);
    // A page at a time, newest first.
    const first = await ops.transfers.list({ status: 'scheduled', limit: 1 });
    const second = await ops.transfers.list({
      status: 'scheduled',
      limit: 1,
      cursor: first.nextCursor,
    });
    expect([...first.items, ...second.items].map((x) => x.transferId)).toEqual(
      scheduled.items.map((x) => x.transferId),
    );
    expect(second.nextCursor).toBeNull();
    await expect(ops.transfers.list({ limit: 1, cursor: 'x' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
