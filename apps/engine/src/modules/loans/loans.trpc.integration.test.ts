import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleLoan, startHarness, type Harness } from '../../testing/harness';
import { demoLoanInput } from '../../seed/demo-seed';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  for (let i = 0; i < 25; i++) {
    const result = await h.app.services.loans.createLoan(demoLoanInput(i, '2026-03-15'), {
      type: 'system',
      id: 'test',
    });
    expect(result.created).toBe(true);
  }
});
afterAll(() => h.close());

describe('loans over tRPC', () => {
  it('pages through every loan with keyset cursors, newest first, without repeats', async () => {
    const ops = await h.callerAs('ops');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof ops.loans.list>> = await ops.loans.list({
        limit: 10,
        cursor,
      });
      seen.push(...page.items.map((i) => i.orderNo));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    expect(seen[0]).toBe('DEMO0000025');
  });

  it('filters by business line, funder and order number prefix', async () => {
    const ops = await h.callerAs('ops');
    const lease = await ops.loans.list({ businessLine: 'lease', limit: 100 });
    expect(lease.items.length).toBeGreaterThan(0);
    expect(
      lease.items.every((i) => i.businessLine === 'lease' && i.productCode === 'LEASE-STD'),
    ).toBe(true);
    const byPrefix = await ops.loans.list({ orderNo: 'DEMO000001', limit: 100 });
    expect(byPrefix.items.map((i) => i.orderNo).sort()).toEqual([
      'DEMO0000010',
      'DEMO0000011',
      'DEMO0000012',
      'DEMO0000013',
      'DEMO0000014',
      'DEMO0000015',
      'DEMO0000016',
      'DEMO0000017',
      'DEMO0000018',
      'DEMO0000019',
    ]);
    const trust = await ops.loans.list({ funderCode: 'F-TRUST-01', limit: 100 });
    expect(trust.items.every((i) => i.funderCode === 'F-TRUST-01')).toBe(true);
  });

  it('finds any part of an order number, counts the whole result, and filters overdue loans', async () => {
    const ops = await h.callerAs('ops');
    const part = await ops.loans.list({ orderNo: '0002', limit: 3 });
    expect(part.items.map((i) => i.orderNo).sort()).toEqual([
      'DEMO0000023',
      'DEMO0000024',
      'DEMO0000025',
    ]);
    // The total is the whole result's (DEMO0000002 and DEMO0000020–25), on the first page only.
    expect(part.total).toBe(7);
    expect(
      (await ops.loans.list({ orderNo: '0002', limit: 3, cursor: part.nextCursor })).total,
    ).toBe(null);
    expect((await ops.loans.list({ limit: 1 })).total).toBe(25);

    // Two loans overdue as the nightly refresh leaves them: 逾期 finds them, 未逾期 the rest.
    await h.app.database.sql.query(
      `update loans set overdue_since = '2026-02-16', delinquency_bucket = 'M1'
        where order_no in ('DEMO0000003', 'DEMO0000004')`,
    );
    const overdue = await ops.loans.list({ delinquency: 'overdue', limit: 100 });
    expect(overdue.items.map((i) => i.orderNo).sort()).toEqual(['DEMO0000003', 'DEMO0000004']);
    expect(overdue.items.every((i) => i.status === 'active' && i.delinquencyBucket === 'M1')).toBe(
      true,
    );
    expect((await ops.loans.list({ delinquency: 'current', limit: 100 })).total).toBe(23);
    // The next due date is the next unpaid installment's, flagged when it has passed.
    for (const item of (await ops.loans.list({ limit: 100 })).items)
      expect(item.nextDuePast).toBe(item.nextDueDate !== null && item.nextDueDate < '2026-03-15');
  });

  it('filters by due-date range over the live plan', async () => {
    const ops = await h.callerAs('ops');
    const res = await ops.loans.list({ dueFrom: '2026-03-15', dueTo: '2026-03-15', limit: 100 });
    for (const item of res.items) {
      const detail = await ops.loans.get({ orderNo: item.orderNo });
      expect(detail.plan.installments.some((i) => i.dueDate === '2026-03-15')).toBe(true);
    }
  });

  it('shows a loan with masked borrower and card only', async () => {
    const ops = await h.callerAs('auditor');
    const detail = await ops.loans.get({ orderNo: 'DEMO0000001' });
    expect(detail.borrower.idNo).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(detail.borrower.mobile).toMatch(/^1\d{2}\*{4}\d{4}$/);
    expect(detail.card?.cardNo).toMatch(/^\d{6}\*{6}\d{4}$/);
  });

  it('rejects a bad cursor naming the field', async () => {
    const ops = await h.callerAs('ops');
    await expect(ops.loans.list({ cursor: 'garbage', limit: 10 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});

describe('roles', () => {
  it('lets pm create and edit funders, and refuses ops', async () => {
    const pm = await h.callerAs('pm');
    const created = await pm.funders.create({ code: 'F-NEW-09', name: '新资金方', type: 'bank' });
    expect(created).toMatchObject({ code: 'F-NEW-09', status: 'active', loanCount: 0 });
    const updated = await pm.funders.update({ code: 'F-NEW-09', status: 'inactive' });
    expect(updated.status).toBe('inactive');
    const ops = await h.callerAs('ops');
    const error = await ops.funders
      .create({ code: 'F-OPS-01', name: 'x', type: 'bank' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('FORBIDDEN');
    expect(await h.count("funders where code = 'F-OPS-01'")).toBe(0);
  });

  it('audits reference changes with a structured diff', async () => {
    const rows = await h.app.database.sql.query<{ action: string; diff: unknown }>(
      `select action, diff from audit_log where entity_type = 'funder' and entity_id = 'F-NEW-09' order by id`,
    );
    expect(rows.map((r) => r.action)).toEqual(['funder.create', 'funder.update']);
    expect(rows[1]?.diff).toEqual({ status: { from: 'active', to: 'inactive' } });
  });

  it('refuses a duplicate code with CONFLICT naming the field', async () => {
    const pm = await h.callerAs('pm');
    await expect(
      pm.funders.create({ code: 'F-TRUST-01', name: 'dup', type: 'trust' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses loans to an inactive funder with 422', async () => {
    const res = await h.api(
      'POST',
      '/api/v1/loans',
      exampleLoan({ orderNo: 'L-INACTIVE', funderCode: 'F-NEW-09' }),
    );
    expect(res.status).toBe(422);
    expect(res.body.error.field).toBe('funderCode');
  });

  it("keeps a product's business line while it has loans", async () => {
    const admin = await h.callerAs('admin');
    await expect(
      admin.products.update({ code: 'LEASE-STD', businessLine: 'consumer' }),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE_CONTENT' });
    const product = await admin.products.update({ code: 'LEASE-STD', graceDays: 2 });
    expect(product.graceDays).toBe(2);
  });

  it('rejects wrong passwords', async () => {
    await expect(
      h.app.services.auth.login({ username: 'ops', password: 'nope', clientAddress: '127.0.0.1' }),
    ).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });
});

describe('dashboard', () => {
  it('sums what is due and outstanding in fen', async () => {
    const finance = await h.callerAs('finance');
    const summary = await finance.dashboard.summary();
    expect(summary.today).toBe('2026-03-15');
    expect(summary.activeLoans).toBe(await h.count("loans where status = 'active'"));
    const [row] = await h.app.database.sql.query<{ s: bigint }>(
      `select sum(outstanding_principal)::bigint as s from loans where status = 'active'`,
    );
    const fen = row!.s;
    expect(summary.outstandingPrincipal).toBe(
      `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`,
    );
    expect(summary.dueNext7Days).toHaveLength(7);
    expect(summary.dueNext7Days[0]?.date).toBe('2026-03-15');
  });
});
