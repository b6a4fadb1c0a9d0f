// The ledger as finance reads it (流水, 还款记录): each filter narrows the lines to those it names,
// keyset pages add up to the whole with no line twice, a journal opens whole and sums to zero,
// collections list every loan's money in with what each paid; both export as CSV and xlsx with
// exactly the filtered rows (yuan, Shanghai times, the borrower as a mask) and an audit row; and
// who may read them (finance, admin, auditor).
import { maskName } from '../../lib/mask';
import { USER_ROLES } from '@repay/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiTime } from '../../http/exports/cells';
import { startHarness, type Caller, type Harness } from '../../testing/harness';
import { allPages, csvRows, downloads, exportAuditRows, xlsxRows } from '../../testing/downloads';

let h: Harness;
let finance: Caller;
let files: ReturnType<typeof downloads>;

const BORROWER = '欧阳明月';

beforeAll(async () => {
  h = await startHarness();
  // Three loans over two funders and two products; offline repayments on two, one settled.
  await h.createLoan({ orderNo: 'LG-1', startDate: '2026-01-15', firstDueDate: '2026-02-15' });
  await h.createLoan({
    orderNo: 'LG-2',
    funderCode: 'F-BANK-02',
    startDate: '2026-02-01',
    firstDueDate: '2026-03-01',
    borrower: { name: BORROWER, idNo: '11010519491231002X', mobile: '13800138001' },
  });
  await h.createLoan({
    orderNo: 'LG-3',
    businessLine: 'supply_chain',
    productCode: 'SCF-STD',
    repaymentMethod: 'interest_first',
    principal: '20000.00',
    startDate: '2026-03-01',
    firstDueDate: '2026-04-01',
  });
  for (const [orderNo, reference, amount, paidAt] of [
    ['LG-1', 'LG-OFF-1', '500.00', '2026-03-10T09:00:00+08:00'],
    ['LG-2', 'LG-OFF-2', '123.45', '2026-03-12T09:00:00+08:00'],
    ['LG-2', 'LG-OFF-3', '10.00', '2026-03-14T23:30:00+08:00'],
  ] as const) {
    const res = await h.api('POST', `/api/v1/loans/${orderNo}/repayments`, {
      reference,
      amount,
      paidAt,
      method: 'offline',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  const quote = await h.api('GET', '/api/v1/loans/LG-3/settlement-quote');
  const settled = await h.api('POST', '/api/v1/loans/LG-3/settle', {
    quoteId: quote.body.quoteId,
    method: 'offline',
    reference: 'LG-SETTLE',
  });
  expect(settled.status, JSON.stringify(settled.body)).toBe(200);
  finance = await h.callerAs('finance');
  files = downloads(h);
}, 120_000);
afterAll(() => h.close());

type EntryFilter = Parameters<Caller['ledger']['entries']>[0];
const entries = (filter: EntryFilter, limit = 200) =>
  allPages((cursor) => finance.ledger.entries({ ...filter, cursor, limit }));

type CollectionFilter = Parameters<Caller['ledger']['collections']>[0];
const collections = (filter: CollectionFilter, limit = 200) =>
  allPages((cursor) => finance.ledger.collections({ ...filter, cursor, limit }));

describe('ledger lines (流水)', () => {
  it('lists every line newest first, as debit or credit in yuan', async () => {
    const all = await entries({});
    // Booked loans: 2 lines each; each repayment and the settlement: 2 or more.
    expect(all.length).toBeGreaterThanOrEqual(12);
    expect(all.map((e) => Number(e.id))).toEqual(
      [...all.map((e) => Number(e.id))].sort((a, b) => b - a),
    );
    const booked = all.filter((e) => e.kind === 'loan_booked' && e.orderNo === 'LG-1');
    expect(booked.map((e) => [e.accountCode, e.debit, e.credit, e.amount]).sort()).toEqual([
      ['funding.payable:F-TRUST-01', null, '100000.00', '-100000.00'],
      ['receivable.principal:F-TRUST-01', '100000.00', null, '100000.00'],
    ]);
    expect(booked[0]).toMatchObject({ funderCode: 'F-TRUST-01', effectiveDate: '2026-03-15' });
  });

  it('each filter narrows the lines to those it names, and together they meet', async () => {
    const all = await entries({});
    const check = async (filter: EntryFilter, keep: (e: (typeof all)[number]) => boolean) => {
      const got = await entries(filter);
      const want = all.filter(keep);
      expect(want.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect(want.length, JSON.stringify(filter)).toBeLessThan(all.length);
      expect(got.map((e) => e.id)).toEqual(want.map((e) => e.id));
    };
    await check({ funderCode: 'F-BANK-02' }, (e) => e.funderCode === 'F-BANK-02');
    await check({ orderNo: 'LG-2' }, (e) => e.orderNo === 'LG-2');
    await check({ kind: 'repayment_received' }, (e) => e.kind === 'repayment_received');
    await check({ accountKind: 'receivable.principal' }, (e) =>
      e.accountCode.startsWith('receivable.principal:'),
    );
    await check(
      { account: 'funding.payable:F-TRUST-01' },
      (e) => e.accountCode === 'funding.payable:F-TRUST-01',
    );
    await check(
      { from: '2026-03-01', to: '2026-03-12' },
      (e) => e.effectiveDate >= '2026-03-01' && e.effectiveDate <= '2026-03-12',
    );
    await check(
      { orderNo: 'LG-2', kind: 'repayment_received', from: '2026-03-13' },
      (e) =>
        e.orderNo === 'LG-2' && e.kind === 'repayment_received' && e.effectiveDate >= '2026-03-13',
    );
    // The late-evening repayment belongs to its Shanghai date.
    const late = await entries({
      orderNo: 'LG-2',
      kind: 'repayment_received',
      from: '2026-03-14',
      to: '2026-03-14',
    });
    expect(late.length).toBeGreaterThan(0);
    expect(await entries({ orderNo: 'NOPE' })).toEqual([]);
  });

  it('pages add up to the whole, each line once', async () => {
    const whole = await entries({});
    const paged = await entries({}, 3);
    expect(paged.map((e) => e.id)).toEqual(whole.map((e) => e.id));
    const first = await finance.ledger.entries({ limit: 3 });
    expect(first.nextCursor).toBe(first.items[2]!.id);
    expect((await finance.ledger.entries({ limit: whole.length })).nextCursor).toBeNull();
  });

  it('opens a line’s journal whole: all its lines, summing to zero', async () => {
    const [line] = await entries({ orderNo: 'LG-3', kind: 'loan_settled' });
    const journal = await finance.ledger.journal({ journalId: line!.journalId });
    expect(journal).toMatchObject({ kind: 'loan_settled', orderNo: 'LG-3', total: '0.00' });
    expect(journal.lines.length).toBeGreaterThanOrEqual(2);
    expect(journal.lines.map((l) => l.id)).toContain(line!.id);
    expect(journal.lines.every((l) => l.journalId === line!.journalId)).toBe(true);
    const fen = journal.lines.reduce((s, l) => s + BigInt(l.amount.replace('.', '')), 0n);
    expect(fen).toBe(0n);
    expect(journal.debits).not.toBe('0.00');
    await expect(finance.ledger.journal({ journalId: '999999999' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('offers the kinds and accounts posted so far', async () => {
    const choices = await finance.ledger.choices();
    expect(choices.kinds).toEqual(
      expect.arrayContaining(['loan_booked', 'repayment_received', 'loan_settled']),
    );
    expect(choices.accountKinds).toEqual(
      expect.arrayContaining(['funding.payable', 'receivable.principal']),
    );
    expect(choices.accounts.map((a) => a.code)).toContain('receivable.principal:F-BANK-02');
  });

  it('refuses a filter it cannot read, naming the field', async () => {
    await expect(finance.ledger.entries({ from: '2026-02-30' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(finance.ledger.entries({ from: '2026-03-10', to: '2026-03-01' })).rejects.toThrow(
      /to/,
    );
    await expect(finance.ledger.entries({ kind: 'Robert; drop' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});

describe('repayments (还款记录)', () => {
  it('lists the money in on every loan with what it paid, by source', async () => {
    const all = await collections({});
    // A settlement's journal is keyed by its quote.
    const quoteId = all[0]!.reference;
    expect(quoteId).toMatch(/^sq_/);
    expect(all.map((c) => [c.orderNo, c.source, c.reference])).toEqual([
      ['LG-3', 'settlement', quoteId],
      ['LG-2', 'offline', 'LG-OFF-3'],
      ['LG-2', 'offline', 'LG-OFF-2'],
      ['LG-1', 'offline', 'LG-OFF-1'],
    ]);
    const two = all.find((c) => c.reference === 'LG-OFF-2')!;
    expect(two).toMatchObject({
      amount: '123.45',
      funderCode: 'F-BANK-02',
      productCode: 'CONSUMER-STD',
      borrowerName: maskName(BORROWER),
      effectiveDate: '2026-03-12',
    });
    const parts = ['principal', 'interest', 'fee', 'penalty', 'unallocated'] as const;
    for (const c of all) {
      const fen = parts.reduce((s, p) => s + BigInt(c[p].replace('.', '')), 0n);
      expect(fen, c.reference).toBe(BigInt(c.amount.replace('.', '')));
    }
  });

  it('each filter narrows, pages are complete', async () => {
    expect((await collections({ source: 'settlement' })).map((c) => c.orderNo)).toEqual(['LG-3']);
    expect((await collections({ source: 'debit' })).length).toBe(0);
    expect((await collections({ funderCode: 'F-BANK-02' })).map((c) => c.reference)).toEqual([
      'LG-OFF-3',
      'LG-OFF-2',
    ]);
    expect((await collections({ productCode: 'SCF-STD' })).map((c) => c.orderNo)).toEqual(['LG-3']);
    expect((await collections({ orderNo: 'LG-1' })).map((c) => c.reference)).toEqual(['LG-OFF-1']);
    expect(
      (await collections({ from: '2026-03-11', to: '2026-03-14' })).map((c) => c.reference),
    ).toEqual(['LG-OFF-3', 'LG-OFF-2']);
    const whole = await collections({});
    expect((await collections({}, 1)).map((c) => c.id)).toEqual(whole.map((c) => c.id));
  });
});

describe('as files', () => {
  it('ledger lines: CSV with exactly the filtered lines, yuan and Shanghai times; an audit row', async () => {
    const filter = { funderCode: 'F-BANK-02', from: '2026-01-01' };
    const [header, ...rows] = csvRows(
      await files.download('finance', 'ledger-entries', 'csv', filter),
    );
    expect(header!.slice(0, 6)).toEqual([
      '分录编号',
      '凭证编号',
      '凭证键',
      '凭证类型',
      '记账日期',
      '科目',
    ]);
    const want = await entries(filter);
    expect(rows.map((r) => r[0])).toEqual(want.map((e) => e.id));
    expect(rows.length).toBeGreaterThan(0);
    const byId = new Map(want.map((e) => [e.id, e]));
    for (const r of rows) {
      const e = byId.get(r[0]!)!;
      expect(r[8]).toBe('F-BANK-02');
      expect(r[13]).toBe(e.amount);
      expect(r[15]).toBe(shanghaiTime(e.at));
    }
    const [audit] = await exportAuditRows(h);
    expect(audit).toMatchObject({
      entityId: 'ledger-entries',
      diff: { format: 'csv', rows: rows.length, complete: true, filters: filter },
    });
  });

  it('ledger lines: xlsx in English holds the same rows', async () => {
    const filter = { kind: 'loan_booked' };
    const [header, ...rows] = await xlsxRows(
      await files.download('auditor', 'ledger-entries', 'xlsx', { ...filter, lang: 'en' }),
    );
    expect(header![0]).toBe('Entry ID');
    expect(rows.map((r) => r[0])).toEqual((await entries(filter)).map((e) => e.id));
    expect(rows).toHaveLength(6);
  });

  it('repayments: the filtered rows with the borrower masked', async () => {
    const filter = { funderCode: 'F-BANK-02' };
    const d = await files.download('finance', 'repayments', 'csv', filter);
    const text = d.bytes.toString('utf8');
    expect(text).not.toContain(BORROWER);
    const [, ...rows] = csvRows(d);
    expect(rows.map((r) => [r[2], r[5], r[10]])).toEqual([
      ['LG-OFF-3', maskName(BORROWER), '10.00'],
      ['LG-OFF-2', maskName(BORROWER), '123.45'],
    ]);
    const sheet = await xlsxRows(await files.download('finance', 'repayments', 'xlsx', filter));
    expect(sheet).toHaveLength(3);
  });

  it('a bad filter is refused naming the field; only finance, admin and auditors', async () => {
    const bad = await files.download('finance', 'ledger-entries', 'csv', { from: 'soon' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.bytes.toString('utf8'))).toMatchObject({ error: { field: 'from' } });
    for (const role of USER_ROLES) {
      const may = ['admin', 'finance', 'auditor'].includes(role);
      const d = await files.download(role, 'repayments', 'csv');
      expect(d.status, role).toBe(may ? 200 : 403);
      const caller = await h.callerAs(role);
      if (!may)
        await expect(caller.ledger.entries({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
  });
});
