// Reschedule over REST (docs/api.md Collections) and tRPC: a new plan version for the untouched
// tail, the old versions readable, bad input refused by field, never while a debit is in flight.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/harness';

let h: Harness;
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);
const fen = (yuan: string) => BigInt(yuan.replace('.', ''));
type Row = { period: number; dueDate: string; principal: string; interest: string };
const sum = (rows: Row[], k: 'principal' | 'interest') => rows.reduce((s, r) => s + fen(r[k]), 0n);
const reschedule = (orderNo: string, body: Record<string, unknown>) =>
  h.api('POST', `/api/v1/loans/${orderNo}/reschedule`, body);
const plan = async (orderNo: string, version?: number) =>
  (await h.api('GET', `/api/v1/loans/${orderNo}/plan${version ? `?version=${version}` : ''}`))
    .body as { version: number; current: boolean; installments: Row[] };

beforeAll(async () => {
  h = await startHarness(); // 2026-03-15 10:00: periods 1 (02-15) and 2 (03-15) are due
  for (const orderNo of ['RS-1', 'RS-2', 'RS-3', 'RS-4', 'RS-5']) await h.createLoan({ orderNo });
});
afterAll(() => h.close());

describe('re-amortise over a new term', () => {
  it('18 months: periods 1–2 stay, 3–18 re-amortise what periods 3–12 owed; v1 stays readable', async () => {
    const v1 = await plan('RS-1');
    const tailPrincipal = sum(v1.installments.slice(2), 'principal');
    const res = await reschedule('RS-1', { reason: '困难展期', newTermMonths: 18 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      orderNo: 'RS-1',
      version: 2,
      current: true,
      reason: '困难展期',
    });
    const rows = res.body.installments as Row[];
    expect(rows).toHaveLength(18);
    expect(rows.slice(0, 2)).toEqual(v1.installments.slice(0, 2));
    expect(rows[2]!.dueDate).toBe('2026-04-15');
    expect(rows[17]!.dueDate).toBe('2027-07-15');
    expect(sum(rows.slice(2), 'principal')).toBe(tailPrincipal);
    // What periods 3–12 owed, over 16 months at 1 %: one payment (the last takes the rest).
    const payments = new Set(rows.slice(2, 17).map((r) => fen(r.principal) + fen(r.interest)));
    expect(payments.size).toBe(1);
    // Period 3's interest: the balance × 1 % (30/360, a regular month), half-up.
    expect(fen(rows[2]!.interest)).toBe((tailPrincipal + 50n) / 100n);

    const old = await plan('RS-1', 1);
    expect(old).toMatchObject({ version: 1, current: false });
    expect(old.installments).toEqual(v1.installments);
    const [loan] = await q<{ termMonths: number; version: number }>(
      `select term_months as "termMonths", current_plan_version as version from loans where order_no = 'RS-1'`,
    );
    expect(loan).toEqual({ termMonths: 18, version: 2 });
    expect(await h.count(`outbox_events where topic = 'loan.rescheduled'`)).toBe(1);
    const [live] = await q<{ live: number; retired: number }>(
      `select count(*) filter (where is_current)::int as live, count(*) filter (where not is_current)::int as retired
         from installments i join loans l on l.id = i.loan_id where l.order_no = 'RS-1'`,
    );
    expect(live).toEqual({ live: 18, retired: 10 });
  });

  it('again, shorter: version 3 has 14 periods, versions 1 and 2 keep theirs', async () => {
    const res = await reschedule('RS-1', { reason: '缩短', newTermMonths: 14 });
    expect(res.status).toBe(201);
    expect(res.body.installments).toHaveLength(14);
    expect((await plan('RS-1', 2)).installments).toHaveLength(18);
    expect((await plan('RS-1', 1)).installments).toHaveLength(12);
    const finance = await h.callerAs('finance');
    const versions = await finance.loans.planVersions({ orderNo: 'RS-1' });
    expect(versions.map((v) => [v.version, v.periodCount, v.change])).toEqual([
      [1, 12, null],
      [2, 18, { newTermMonths: 18 }],
      [3, 14, { newTermMonths: 14 }],
    ]);
  });

  it('a settlement quote afterwards owes the same principal', async () => {
    const quote = await h.api('GET', '/api/v1/loans/RS-1/settlement-quote');
    const v1 = await plan('RS-1', 1);
    expect(fen(quote.body.breakdown.principal)).toBe(sum(v1.installments, 'principal'));
  });
});

describe('move the due dates', () => {
  it('30 days: periods 3–12 move, period 3 carries the stub interest, principal unchanged', async () => {
    const v1 = await plan('RS-2');
    const tail = v1.installments.slice(2);
    const res = await reschedule('RS-2', { reason: 'shift', shiftDays: 30 });
    expect(res.status).toBe(201);
    const rows = res.body.installments as Row[];
    expect(rows).toHaveLength(12);
    expect(rows.slice(2).map((r) => r.dueDate)).toEqual(
      tail.map((r) => {
        const d = new Date(`${r.dueDate}T00:00:00Z`);
        d.setUTCDate(d.getUTCDate() + 30);
        return d.toISOString().slice(0, 10);
      }),
    );
    // Stub: tail principal × 12 % × 30/360 (04-15 → 05-15 is 30 days in 30/360), half-up.
    const stub = (sum(tail, 'principal') + 50n) / 100n;
    expect(fen(rows[2]!.interest)).toBe(fen(tail[0]!.interest) + stub);
    expect(rows.slice(3).map((r) => r.interest)).toEqual(tail.slice(1).map((r) => r.interest));
    expect(rows.slice(2).map((r) => r.principal)).toEqual(tail.map((r) => r.principal));
  });
});

describe('retries and bad input', () => {
  it('the same reference again answers the same version; another change with it is a 409', async () => {
    const first = await reschedule('RS-3', { reason: 'r', shiftDays: 10, reference: 'UP-1' });
    expect(first.status).toBe(201);
    const again = await reschedule('RS-3', { reason: 'r', shiftDays: 10, reference: 'UP-1' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, current: true });
    const other = await reschedule('RS-3', { reason: 'r', shiftDays: 20, reference: 'UP-1' });
    expect([other.status, other.body.error.field]).toEqual([409, 'reference']);
    expect(
      await h.count(`plan_versions v join loans l on l.id = v.loan_id where l.order_no = 'RS-3'`),
    ).toBe(2);
  });

  it('refuses by field and changes nothing', async () => {
    await q(`update loans set status = 'settled' where order_no = 'RS-5'`);
    await q(
      `insert into debit_orders (idempotency_key, loan_id, installment_id, funder_id, source, business_date, amount, status)
       select 'RS-INFLIGHT', l.id, i.id, l.funder_id, 'manual', '2026-03-15', 100, 'submitted'
         from loans l join installments i on i.loan_id = l.id and i.period = 2 where l.order_no = 'RS-4'`,
    );
    const before = await h.count('plan_versions');
    const cases: [string, Record<string, unknown>, number, string][] = [
      ['RS-4', { reason: 'x', newTermMonths: 12, shiftDays: 5 }, 400, 'shiftDays'],
      ['RS-4', { reason: 'x' }, 400, 'newTermMonths'],
      ['RS-4', { reason: '', shiftDays: 5 }, 400, 'reason'],
      ['RS-4', { reason: 'x', shiftDays: 400 }, 400, 'shiftDays'],
      ['RS-4', { reason: 'x', newTermMonths: 2 }, 409, 'orderNo'],
      ['RS-5', { reason: 'x', shiftDays: 5 }, 422, 'orderNo'],
      ['NOPE', { reason: 'x', shiftDays: 5 }, 404, 'orderNo'],
    ];
    for (const [orderNo, body, status, field] of cases) {
      const res = await reschedule(orderNo, body);
      expect([res.status, res.body.error?.field], JSON.stringify(body)).toEqual([status, field]);
    }
    await q(
      `update debit_orders set status = 'failed', finished_at = now() where idempotency_key = 'RS-INFLIGHT'`,
    );
    // Two periods are due: a term of 2 leaves nothing to re-amortise.
    const short = await reschedule('RS-4', { reason: 'x', newTermMonths: 2 });
    expect([short.status, short.body.error.field]).toEqual([422, 'newTermMonths']);
    expect(await h.count('plan_versions')).toBe(before);
  });

  it('ops reschedule from the console; finance may not', async () => {
    const finance = await h.callerAs('finance');
    await expect(
      finance.loans.reschedule({ orderNo: 'RS-4', reason: 'x', shiftDays: 5 }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const ops = await h.callerAs('ops');
    const v = await ops.loans.reschedule({
      orderNo: 'RS-4',
      reason: '客户申请',
      newTermMonths: 24,
    });
    expect(v).toMatchObject({ version: 2, current: true });
    expect(v.installments).toHaveLength(24);
  });
});
