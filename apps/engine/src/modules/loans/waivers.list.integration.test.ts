// 减免's list and export: each filter narrows to what it names (status, loan, component, funder,
// business dates), keyset pages add up to the whole, the file holds exactly the filtered
// waivers (yuan, Shanghai times, no personal data) with an audit row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiTime } from '../../http/exports/cells';
import { allPages, csvRows, downloads, exportAuditRows, xlsxRows } from '../../testing/downloads';
import { startHarness, type Caller, type Harness } from '../../testing/harness';

let h: Harness;
let finance: Caller;
let files: ReturnType<typeof downloads>;
let keys = 0;

beforeAll(async () => {
  h = await startHarness(); // 2026-03-15: period 1 (02-15) overdue
  for (const [orderNo, funderCode] of [
    ['WL-1', 'F-TRUST-01'],
    ['WL-2', 'F-BANK-02'],
  ] as const) {
    await h.createLoan({ orderNo, funderCode });
    await h.app.database.sql.query(
      `update installments i set penalty_due = 100000, fee_due = 5000, status = 'overdue'
         from loans l where l.id = i.loan_id and l.order_no = $1 and i.period = 1`,
      [orderNo],
    );
  }
  const ops = await h.callerAs('ops');
  const waive = (orderNo: string, component: 'penalty' | 'fee', amount: string) =>
    ops.loans.waive({
      orderNo,
      requestKey: `waiver-list-${++keys}`,
      component,
      amount,
      reason: '客户申请减免',
    });
  await waive('WL-1', 'penalty', '10.00');
  await waive('WL-2', 'fee', '5.00');
  // A day later: one more on each, and one above the limit that waits for approval.
  h.clock.advance(24 * 3600_000);
  await waive('WL-1', 'fee', '1.00');
  await waive('WL-2', 'penalty', '20.00');
  await waive('WL-2', 'penalty', '600.00');
  h.clock.advance(-24 * 3600_000);
  finance = await h.callerAs('finance');
  files = downloads(h);
}, 120_000);
afterAll(() => h.close());

type Filter = Omit<Parameters<Caller['loans']['waivers']>[0], 'cursor' | 'limit'>;
const list = (filter: Filter, limit = 200) =>
  allPages((cursor) =>
    finance.loans.waivers({ ...filter, cursor, limit }).then((p) => ({
      nextCursor: p.nextCursor,
      items: p.items.map((w) => ({ ...w, id: w.waiverId })),
    })),
  );

describe('the waivers list', () => {
  it('each filter narrows the waivers to those it names', async () => {
    const all = await list({});
    expect(all).toHaveLength(5);
    const check = async (filter: Filter, keep: (w: (typeof all)[number]) => boolean) => {
      const want = all.filter(keep);
      expect(want.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect(want.length, JSON.stringify(filter)).toBeLessThan(all.length);
      expect((await list(filter)).map((w) => w.id)).toEqual(want.map((w) => w.id));
    };
    await check({ status: 'pending_approval' }, (w) => w.status === 'pending_approval');
    await check({ orderNo: 'WL-1' }, (w) => w.orderNo === 'WL-1');
    await check({ component: 'fee' }, (w) => w.component === 'fee');
    await check({ funderCode: 'F-BANK-02' }, (w) => w.funderCode === 'F-BANK-02');
    await check({ from: '2026-03-16' }, (w) => w.businessDate === '2026-03-16');
    await check({ to: '2026-03-15' }, (w) => w.businessDate === '2026-03-15');
    await check(
      { funderCode: 'F-BANK-02', component: 'penalty', status: 'applied' },
      (w) => w.funderCode === 'F-BANK-02' && w.component === 'penalty' && w.status === 'applied',
    );
    await expect(finance.loans.waivers({ from: '2026-03-16', to: '2026-03-15' })).rejects.toThrow(
      /to/,
    );
  });

  it('pages add up to the whole, each waiver once', async () => {
    const whole = await list({});
    expect((await list({}, 2)).map((w) => w.id)).toEqual(whole.map((w) => w.id));
  });

  it('exports exactly the filtered waivers with an audit row', async () => {
    const filter = { funderCode: 'F-BANK-02' };
    const [header, ...rows] = csvRows(await files.download('finance', 'waivers', 'csv', filter));
    expect(header!.slice(0, 3)).toEqual(['减免编号', '业务日期', '贷款订单号']);
    const want = await list(filter);
    expect(rows.map((r) => [r[0], r[2], r[6], r[7], r[12]])).toEqual(
      want.map((w) => [w.waiverId, w.orderNo, w.amount, w.status, shanghaiTime(w.createdAt)]),
    );
    expect(rows.map((r) => r[6])).toEqual(['600.00', '20.00', '5.00']);
    const [audit] = await exportAuditRows(h);
    expect(audit).toMatchObject({
      entityId: 'waivers',
      diff: { format: 'csv', rows: 3, complete: true, filters: filter },
    });
    const [, ...sheet] = await xlsxRows(
      await files.download('ops', 'waivers', 'xlsx', { status: 'pending_approval' }),
    );
    expect(sheet.map((r) => r[6])).toEqual(['600.00']);
  });
});
