// The overdue page's procedures as the console calls them: buckets now and per run, the loans
// of a bucket, a loan's accruals, and accruing a date by hand (finance; bad dates refused
// naming the field; a done date is not run again).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  for (const orderNo of ['OC-1', 'OC-2']) await h.createLoan({ orderNo });
});
afterAll(() => h.close());

describe('the overdue console', () => {
  it('accrues a date by hand for finance only, refusing bad dates by field', async () => {
    const ops = await h.callerAs('ops');
    await expect(ops.overdue.accrue({ date: '2026-03-15', reason: '补跑' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const finance = await h.callerAs('finance');
    await expect(
      finance.overdue.accrue({ date: '2026-02-30', reason: '补跑' }),
    ).rejects.toMatchObject({ cause: { field: 'date' } });
    await expect(
      finance.overdue.accrue({ date: '2026-03-16', reason: '补跑' }),
    ).rejects.toMatchObject({ cause: { field: 'date' } });
    expect(await finance.overdue.accrue({ date: '2026-03-15', reason: '补跑' })).toEqual({
      businessDate: '2026-03-15',
      started: true,
    });
    await expect
      .poll(async () => (await finance.overdue.runs({}))[0]?.status, { timeout: 10_000 })
      .toBe('completed');
    expect(await finance.overdue.accrue({ date: '2026-03-15', reason: '再跑' })).toEqual({
      businessDate: '2026-03-15',
      started: false,
    });
    expect(await h.count(`audit_log where action = 'overdue.accrue'`)).toBe(1);
    // Accrual has reached 03-15: an earlier date would count its days twice.
    await expect(
      finance.overdue.accrue({ date: '2026-03-14', reason: '补跑' }),
    ).rejects.toMatchObject({ cause: { field: 'date' } });
  });

  it('shows both loans in M1 with what they owe, and the run’s bucket counts', async () => {
    const auditor = await h.callerAs('auditor');
    const summary = await auditor.overdue.summary();
    expect(summary.today).toBe('2026-03-15');
    const m1 = summary.buckets.find((b) => b.bucket === 'M1')!;
    expect(m1.loans).toBe(2);
    expect(Number(m1.owed)).toBeGreaterThan(0);
    expect(Number(m1.charges)).toBeGreaterThan(0);
    expect(summary.buckets.map((b) => b.bucket)).toEqual(['M0', 'M1', 'M2', 'M3', 'M3+']);
    const [run] = await auditor.overdue.runs({});
    expect(run).toMatchObject({
      businessDate: '2026-03-15',
      installments: 2,
      bucketCounts: { M1: 2 },
    });
    const page = await auditor.overdue.loans({ bucket: 'M1', limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      orderNo: 'OC-1',
      overdueSince: '2026-02-15',
      overdueDays: 28,
    });
    const next = await auditor.overdue.loans({ bucket: 'M1', limit: 1, cursor: page.nextCursor });
    expect(next.items.map((l) => l.orderNo)).toEqual(['OC-2']);
    expect(next.nextCursor).toBeNull();
    expect((await auditor.overdue.loans({ bucket: 'M2' })).items).toEqual([]);
  });

  it('lists a loan’s accruals with their rule version', async () => {
    const auditor = await h.callerAs('auditor');
    const rows = await auditor.overdue.accruals({ orderNo: 'OC-1' });
    expect(rows.map((r) => r.chargeId).sort()).toEqual(['compound', 'penalty']);
    for (const r of rows) {
      expect(r).toMatchObject({ businessDate: '2026-03-15', period: 1, overdueDays: 28 });
      expect(r.ruleVersionId).toMatch(/^\d+$/);
      // Named as the rules pages name it: the set and its version number.
      expect(r.ruleLabel).toMatch(/^.+ v\d+$/);
      expect(r.amount).toBe(r.total);
    }
  });
});
