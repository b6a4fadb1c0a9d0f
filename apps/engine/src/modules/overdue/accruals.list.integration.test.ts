// 罚息计提 as finance reads it (overdue.accrualList) and exports it (fee-accruals): every accrual
// row of every loan, each filter narrowing to what it names (dates, loan, funder, the loan's
// bucket now, charge type), keyset pages that add up to the whole; the file holds exactly the
// filtered rows, amounts in yuan, no personal data, with an audit row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiTime } from '../../http/exports/cells';
import { allPages, csvRows, downloads, exportAuditRows, xlsxRows } from '../../testing/downloads';
import { startHarness, type Caller, type Harness } from '../../testing/harness';

let h: Harness;
let finance: Caller;
let files: ReturnType<typeof downloads>;

beforeAll(async () => {
  h = await startHarness();
  await h.createLoan({ orderNo: 'OA-1' });
  await h.createLoan({ orderNo: 'OA-2', funderCode: 'F-BANK-02' });
  // Overdue since 01-01: more than 60 days by 03-15.
  await h.createLoan({ orderNo: 'OA-3', startDate: '2025-12-01', firstDueDate: '2026-01-01' });
  for (const date of ['2026-03-13', '2026-03-14', '2026-03-15'])
    await h.app.services.overdueAccrual.accrueDate(date, 'test');
  finance = await h.callerAs('finance');
  files = downloads(h);
}, 120_000);
afterAll(() => h.close());

type Filter = Parameters<Caller['overdue']['accrualList']>[0];
const list = (filter: Filter, limit = 200) =>
  allPages((cursor) => finance.overdue.accrualList({ ...filter, cursor, limit }));

describe('fee accruals (罚息计提)', () => {
  it('lists every accrual row newest first, in yuan, with the loan, funder and bucket', async () => {
    const all = await list({});
    expect(new Set(all.map((a) => a.orderNo))).toEqual(new Set(['OA-1', 'OA-2', 'OA-3']));
    expect(new Set(all.map((a) => a.businessDate))).toEqual(
      new Set(['2026-03-13', '2026-03-14', '2026-03-15']),
    );
    expect(all.map((a) => Number(a.id))).toEqual(
      [...all.map((a) => Number(a.id))].sort((a, b) => b - a),
    );
    const two = all.find((a) => a.orderNo === 'OA-2')!;
    expect(two).toMatchObject({
      funderCode: 'F-BANK-02',
      productCode: 'CONSUMER-STD',
      bucket: 'M1',
    });
    expect(two.amount).toMatch(/^-?\d+\.\d{2}$/);
    expect(all.find((a) => a.orderNo === 'OA-3')!.bucket).toBe('M3');
  });

  it('each filter narrows the rows to those it names', async () => {
    const all = await list({});
    const check = async (filter: Filter, keep: (a: (typeof all)[number]) => boolean) => {
      const want = all.filter(keep);
      expect(want.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect(want.length, JSON.stringify(filter)).toBeLessThan(all.length);
      expect((await list(filter)).map((a) => a.id)).toEqual(want.map((a) => a.id));
    };
    await check({ orderNo: 'OA-1' }, (a) => a.orderNo === 'OA-1');
    await check({ funderCode: 'F-BANK-02' }, (a) => a.funderCode === 'F-BANK-02');
    await check({ bucket: 'M3' }, (a) => a.bucket === 'M3');
    await check({ from: '2026-03-14', to: '2026-03-14' }, (a) => a.businessDate === '2026-03-14');
    await check({ from: '2026-03-14' }, (a) => a.businessDate >= '2026-03-14');
    const types = [...new Set(all.map((a) => a.chargeType))];
    if (types.length > 1)
      await check(
        { chargeType: types[0] as Filter['chargeType'] },
        (a) => a.chargeType === types[0],
      );
    expect(await list({ bucket: 'M3+' })).toEqual([]);
  });

  it('pages add up to the whole, each row once', async () => {
    const whole = await list({});
    expect((await list({}, 2)).map((a) => a.id)).toEqual(whole.map((a) => a.id));
  });

  it('refuses a filter it cannot read, naming the field', async () => {
    await expect(finance.overdue.accrualList({ bucket: 'M9' as 'M1' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(
      finance.overdue.accrualList({ from: '2026-03-15', to: '2026-03-01' }),
    ).rejects.toThrow(/to/);
  });

  it('exports exactly the filtered rows (CSV and xlsx) with an audit row, no personal data', async () => {
    const filter = { funderCode: 'F-TRUST-01', from: '2026-03-14' };
    const d = await files.download('finance', 'fee-accruals', 'csv', filter);
    expect(d.bytes.toString('utf8')).not.toContain('张三');
    const [header, ...rows] = csvRows(d);
    expect(header!.slice(0, 3)).toEqual(['编号', '计提日期', '贷款订单号']);
    const want = await list(filter);
    expect(rows.map((r) => [r[0], r[2], r[10], r[11], r[15]])).toEqual(
      want.map((a) => [a.id, a.orderNo, a.amount, a.total, shanghaiTime(a.at)]),
    );
    const [audit] = await exportAuditRows(h);
    expect(audit).toMatchObject({
      entityId: 'fee-accruals',
      diff: { format: 'csv', rows: want.length, complete: true, filters: filter },
    });
    const [, ...sheet] = await xlsxRows(
      await files.download('auditor', 'fee-accruals', 'xlsx', { orderNo: 'OA-3' }),
    );
    expect(sheet.map((r) => r[0])).toEqual((await list({ orderNo: 'OA-3' })).map((a) => a.id));
  });
});
