// 资产对账 end to end: the daily checks of the loans' books against the ledger (a clean book, a
// journal the plan does not know, collections on both sides of a transfer's cut-off, a
// collection the ledger gives the wrong funder), and funders' own files compared with our books
// (a loan that differs, one we do not know, one another funder owns, one the file leaves out;
// UTF-8 and GBK; the same file twice; a malformed file refused naming its line). Over tRPC as
// finance, auditor and pm, and over HTTP for a file above the server's 2 MiB body limit.
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { fenToYuan, luhnCardNo } from '@repay/rules';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, createLedgerRepo, postJournal, type Journal } from '../ledger';
import { CONSOLE_ORIGIN, startHarness, type Caller, type Harness } from '../../testing/harness';

let sandbox: Sandbox;
let h: Harness;
let finance: Caller;
const DAY = '2026-03-15';
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);

const repay = (orderNo: string, reference: string, amount: string, paidAt: string) =>
  h.api('POST', `/api/v1/loans/${orderNo}/repayments`, {
    reference,
    amount,
    paidAt,
    method: 'offline',
  });
const loanId = async (orderNo: string) =>
  (await q<{ id: bigint }>(`select id from loans where order_no = $1`, [orderNo]))[0]!.id;
/** A journal posted as a module would (the ledger refuses an edit: a wrong fact is a new one). */
const post = async (journal: Journal) =>
  expect(await postJournal(createLedgerRepo(h.app.database), journal)).toBe(true);
const breaksOf = async (orderNo: string, date = DAY) =>
  (await finance.reconAssets.breaks({ date, orderNo })).items.map(
    ({ breakId: _id, funderName: _name, ...b }) => b,
  );

/** A tRPC mutation over HTTP as the console sends it (signed in as finance). */
async function httpPost(path: string, body: string) {
  const login = await fetch(`${h.baseUrl}/trpc/auth.login`, {
    method: 'POST',
    headers: { origin: CONSOLE_ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'finance', password: 'repay123' }),
  });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const res = await fetch(`${h.baseUrl}/trpc/${path}`, {
    method: 'POST',
    headers: { cookie, origin: CONSOLE_ORIGIN, 'content-type': 'application/json' },
    body,
  });
  return { status: res.status, body: (await res.json()) as any };
}

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  h = await startHarness({
    clock: `${DAY}T10:00:00+08:00`,
    sandboxUrl: await sandbox.app.listen({ port: 0, host: '127.0.0.1' }),
  });
  // The debits' answers come back with their requests: no notification arrives afterwards.
  for (const c of sandbox.channels.values())
    c.profile = { ...c.profile, notify: { ...c.profile.notify, delayMs: 600_000 } };
  finance = await h.callerAs('finance');
  for (const orderNo of ['AR-1', 'AR-2', 'AR-3']) await h.createLoan({ orderNo });
  // AR-D's first period falls due today, collected by the 10:00 window from its card.
  const mobile = '13800138300';
  await h.createLoan({
    orderNo: 'AR-D',
    startDate: '2026-02-15',
    firstDueDate: DAY,
    borrower: { name: '赵六', idNo: '110101199003071233', mobile },
  });
  const card = { cardNo: luhnCardNo('62220202001144', '0000'), bankCode: 'ICBC', mobile };
  await h.bindCard({ orderNo: 'AR-D', ...card });
});
afterAll(async () => {
  await h.close();
  await sandbox.app.close();
});

describe('the internal checks', () => {
  it('a clean book has no breaks: every way money comes in agrees with the ledger', async () => {
    // AR-1 pays period 1 whole; AR-2 is overdue, accrues penalties, then pays part (penalty
    // first); AR-3 has a penalty waived, then settles early at a quote, offline; AR-D's first
    // period is debited from its card.
    expect((await repay('AR-1', 'AR1-A', '8884.88', '2026-02-15T10:00:00+08:00')).status).toBe(201);
    await h.app.services.overdueAccrual.catchUp('test');
    const window = await h.app.services.debitRuns.startRun({ date: DAY, window: '10:00' }, 'test');
    await h.app.services.debitRuns.work(window.runId);
    const [debited] = await q<{ status: string; amount: bigint }>(
      `select d.status, d.amount from debit_orders d join loans l on l.id = d.loan_id
        where l.order_no = 'AR-D'`,
    );
    expect(debited?.status).toBe('succeeded');
    await finance.loans.waive({
      orderNo: 'AR-3',
      requestKey: 'AR3-WAIVE-1',
      component: 'penalty',
      amount: '1.00',
      reason: '协商减免',
    });
    expect((await repay('AR-2', 'AR2-A', '1000.00', `${DAY}T09:00:00+08:00`)).status).toBe(201);
    const [paid] = await q<{ penalty: bigint }>(
      `select sum(penalty_paid)::bigint as penalty from installments i join loans l on l.id = i.loan_id
        where l.order_no = 'AR-2' and i.is_current`,
    );
    expect(paid!.penalty).toBeGreaterThan(0n);
    const quote = await finance.loans.settlementQuote({ orderNo: 'AR-3' });
    await finance.loans.settle({ orderNo: 'AR-3', quoteId: quote.quoteId, reference: 'AR3-S' });

    const run = await finance.reconAssets.run({ date: DAY });
    expect(run).toMatchObject({
      runId: expect.stringMatching(/^arr_\d+$/),
      date: DAY,
      attempt: 1,
      previousDate: null,
      loans: 4,
      funders: 1,
      breaks: 0,
      breaksPerFunder: [],
    });
    const runs = await finance.reconAssets.runs({});
    expect(runs).toEqual([
      expect.objectContaining({ runId: run.runId, breaks: 0, by: expect.stringMatching(/^user:/) }),
    ]);
    expect(await finance.reconAssets.breaks({})).toMatchObject({ items: [], nextCursor: null });
  });

  it('a journal the plan does not know is a break of the loan and its funder, with both figures', async () => {
    await h.createLoan({ orderNo: 'AR-X' });
    const fen = 12_345n;
    await post({
      idempotencyKey: 'debit.collected:AR-X-UNKNOWN',
      kind: 'debit_collected',
      effectiveDate: '2026-03-14',
      loanId: await loanId('AR-X'),
      entries: [
        { account: accounts.collectionsClearing('F-TRUST-01'), amount: fen },
        { account: accounts.principalReceivable('F-TRUST-01'), amount: -fen },
      ],
    });
    const run = await finance.reconAssets.run({ date: DAY });
    expect(run).toMatchObject({ attempt: 2, loans: 5, breaks: 3 });
    expect(run.breaksPerFunder).toEqual([{ funderCode: 'F-TRUST-01', breaks: 3 }]);
    const reason =
      'recorded after its effective date: late success AR-X-UNKNOWN (effective 2026-03-14, recorded 2026-03-15)';
    const common = { funderCode: 'F-TRUST-01', orderNo: 'AR-X', reason };
    expect(await breaksOf('AR-X')).toEqual([
      // No collection is due (no debit succeeded), the ledger has 123.45 coming in.
      {
        ...common,
        check: 'funder_collections',
        ours: '0.00',
        theirs: '123.45',
        difference: '-123.45',
      },
      {
        ...common,
        check: 'outstanding_principal',
        ours: '100000.00',
        theirs: '99876.55',
        difference: '123.45',
      },
      { ...common, check: 'principal', ours: '0.00', theirs: '123.45', difference: '-123.45' },
    ]);
    // The earlier attempt keeps what it found; the other loans still agree.
    expect((await finance.reconAssets.breaks({ runId: 'arr_1' })).items).toEqual([]);
    const page = await finance.reconAssets.breaks({ limit: 2 });
    expect(page.items).toHaveLength(2);
    const rest = await finance.reconAssets.breaks({ limit: 2, cursor: page.nextCursor });
    expect([rest.items.length, rest.nextCursor]).toEqual([1, null]);
    expect(
      (await finance.reconAssets.breaks({ check: 'principal' })).items.map((b) => b.orderNo),
    ).toEqual(['AR-X']);
    const perFunder = await finance.reconAssets.funders({ date: DAY });
    expect(perFunder.run?.attempt).toBe(2);
    expect(perFunder.funders).toEqual([
      {
        funderCode: 'F-TRUST-01',
        funderName: '华信信托',
        breaks: 3,
        loans: 1,
        perCheck: { funder_collections: 1, outstanding_principal: 1, principal: 1 },
      },
    ]);
  });

  it('collections before and after a transfer’s cut-off belong to the owner of each date: no break', async () => {
    await h.createLoan({ orderNo: 'AR-T' });
    expect((await repay('AR-T', 'ART-A', '1000.00', '2026-02-20T10:00:00+08:00')).status).toBe(201);
    const transfer = await finance.transfers.create({
      orderNos: ['AR-T'],
      toFunderCode: 'F-BANK-02',
      cutoffDate: '2026-03-01',
      priceRatio: '1',
    });
    expect(transfer.status).toBe('completed');
    // After the cut-off: the buyer's. Paid before it but recorded now: the seller's.
    expect((await repay('AR-T', 'ART-B', '500.00', '2026-03-10T10:00:00+08:00')).status).toBe(201);
    expect((await repay('AR-T', 'ART-C', '300.00', '2026-02-25T10:00:00+08:00')).status).toBe(201);
    const received = await q<{ code: string; amount: bigint }>(
      `select a.code, sum(e.amount)::bigint as amount from ledger_entries e
         join ledger_accounts a on a.id = e.account_id join loans l on l.id = e.loan_id
        where l.order_no = 'AR-T' and a.code like 'receipts.offline:%' group by a.code order by a.code`,
    );
    expect(received).toEqual([
      { code: 'receipts.offline:F-BANK-02', amount: 50_000n },
      { code: 'receipts.offline:F-TRUST-01', amount: 130_000n },
    ]);
    const run = await finance.reconAssets.run({ date: DAY });
    expect(run).toMatchObject({ loans: 6, funders: 2, breaks: 3 });
    expect(await breaksOf('AR-T')).toEqual([]);
  });

  it('a collection the ledger gives the wrong funder is a break of that funder, explained', async () => {
    // 200.00 on the buyer's books for 03-05 that no repayment stands behind.
    await post({
      idempotencyKey: 'repayment.received:ART-WRONG',
      kind: 'repayment_received',
      effectiveDate: '2026-03-05',
      loanId: await loanId('AR-T'),
      keepAccounts: true,
      entries: [
        { account: accounts.offlineReceipts('F-BANK-02'), amount: 20_000n },
        { account: accounts.suspense('F-BANK-02'), amount: -20_000n },
      ],
    });
    const run = await finance.reconAssets.run({ date: DAY });
    expect(run.breaksPerFunder).toEqual([
      { funderCode: 'F-BANK-02', breaks: 1 },
      { funderCode: 'F-TRUST-01', breaks: 3 },
    ]);
    const [found] = await breaksOf('AR-T');
    expect(found).toEqual({
      funderCode: 'F-BANK-02',
      orderNo: 'AR-T',
      check: 'funder_collections',
      ours: '500.00',
      theirs: '700.00',
      difference: '-200.00',
      reason: expect.any(String),
    });
    expect(found!.reason).toMatch(
      /^transfer cut-off in the period: 2026-03-01 \(tr_[0-9a-f]{24}, F-TRUST-01 → F-BANK-02\); recorded after its effective date: repayment ART-A \(effective 2026-02-20, recorded 2026-03-15\); repayment ART-C \(effective 2026-02-25, recorded 2026-03-15\); repayment ART-WRONG \(effective 2026-03-05, recorded 2026-03-15\); repayment ART-B \(effective 2026-03-10, recorded 2026-03-15\)$/,
    );
    expect(await finance.reconAssets.breaks({ funder: 'F-BANK-02' })).toMatchObject({
      items: [{ orderNo: 'AR-T' }],
    });
  });

  it('the next day’s period starts after the previous run: the cut-off no longer explains', async () => {
    h.clock.advance(24 * 3600_000);
    const run = await finance.reconAssets.run({ date: '2026-03-16' });
    expect(run).toMatchObject({ attempt: 1, previousDate: DAY, breaks: 4 });
    const [found] = await breaksOf('AR-T', '2026-03-16');
    expect(found).toMatchObject({ check: 'funder_collections', ours: '500.00', theirs: '700.00' });
    expect(found!.reason ?? '').not.toContain('transfer cut-off');
    await expect(finance.reconAssets.run({ date: '2026-03-18' })).rejects.toMatchObject({
      code: 'UNPROCESSABLE_CONTENT',
      cause: { field: 'date' },
    });
    await expect(finance.reconAssets.breaks({ date: '2026-01-01' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('a funder’s own file', () => {
  const file = (lines: string[]) =>
    Buffer.from(
      ['# F-SELF-03 资产 2026-03-15', '订单号,剩余本金,逾期金额,状态', ...lines, ''].join('\n'),
    );
  const upload = (
    caller: Caller,
    bytes: Buffer,
    extra: { funder?: string; date?: string; format?: string } = {},
  ) =>
    caller.reconAssets.upload({
      funder: 'F-SELF-03',
      date: DAY,
      fileName: 'self-03.csv',
      file: bytes.toString('base64'),
      ...extra,
    });
  const selfFile = file([
    'FF-1,100000.00,0.00,正常',
    'FF-2,99000.00,0.00,正常',
    'NOPE-1,5000.00,120.50,逾期',
  ]);
  let fileId = '';

  beforeAll(async () => {
    const fresh = { startDate: '2026-03-01', firstDueDate: '2026-04-01' };
    for (const orderNo of ['FF-1', 'FF-2'])
      await h.createLoan({ orderNo, funderCode: 'F-SELF-03', ...fresh });
    await h.createLoan({ orderNo: 'BK-1', funderCode: 'F-BANK-02', ...fresh });
  });

  it('lists exactly the loan that differs and the one we do not know, with both sides', async () => {
    const imported = await upload(finance, selfFile);
    fileId = imported.fileId;
    expect(imported).toEqual({
      fileId: expect.stringMatching(/^faf_\d+$/),
      funderCode: 'F-SELF-03',
      date: DAY,
      lines: 3,
      outstandingPrincipal: '204000.00',
      overdueAmount: '120.50',
      duplicate: false,
    });
    const compared = await finance.reconAssets.comparison({ fileId });
    expect(compared.counts).toEqual({
      matched: 1,
      differs: 1,
      missingInFile: 0,
      unknownLoan: 1,
      otherFunder: 0,
    });
    expect(compared.rows).toEqual([
      {
        orderNo: 'FF-2',
        kind: 'differs',
        lineNo: 4,
        owner: 'F-SELF-03',
        differences: ['outstandingPrincipal'],
        ours: { outstandingPrincipal: '100000.00', overdueAmount: '0.00', status: 'current' },
        theirs: {
          outstandingPrincipal: '99000.00',
          overdueAmount: '0.00',
          status: 'current',
          rawStatus: '正常',
        },
      },
      {
        orderNo: 'NOPE-1',
        kind: 'unknown_loan',
        lineNo: 5,
        owner: null,
        differences: [],
        ours: null,
        theirs: {
          outstandingPrincipal: '5000.00',
          overdueAmount: '120.50',
          status: 'overdue',
          rawStatus: '逾期',
        },
      },
    ]);
    expect(await finance.reconAssets.files({ funder: 'F-SELF-03' })).toEqual([
      expect.objectContaining({ fileId, format: 'funder-standard', lines: 3 }),
    ]);
  });

  it('the same file twice is a duplicate; another file for the day is refused', async () => {
    const lines = await h.count('funder_asset_lines');
    expect(await upload(finance, selfFile)).toMatchObject({ fileId, duplicate: true, lines: 3 });
    await expect(upload(finance, file(['FF-1,100000.00,0.00,正常']))).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: { field: 'date' },
    });
    expect([await h.count('funder_asset_files'), await h.count('funder_asset_lines')]).toEqual([
      1,
      lines,
    ]);
  });

  it('a malformed file is refused naming its line, and nothing of it is kept', async () => {
    const bad = file(['BK-1,100000.00,0.00,正常', 'AR-T,1.234,0.00,正常']);
    await expect(upload(finance, bad, { funder: 'F-BANK-02' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message:
        'file: line 4, column 剩余本金: "1.234" is not an amount in yuan: it has a fraction of a fen',
      cause: { field: 'file' },
    });
    await expect(
      upload(finance, file(['BK-1,1.00,0.00,正常', 'BK-1,1.00,0.00,正常']), {
        funder: 'F-BANK-02',
      }),
    ).rejects.toMatchObject({
      message: 'file: line 4, column 订单号: order BK-1 is also on line 3',
    });
    await expect(upload(finance, bad, { funder: 'F-NOPE' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      cause: { field: 'funder' },
    });
    await expect(upload(finance, bad, { format: 'nope' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      cause: { field: 'format' },
    });
    expect(await h.count('funder_asset_files')).toBe(1);
  });

  it('reads a GBK file: another funder’s loan and one the file leaves out are listed too', async () => {
    const [t] = await q<{ outstanding: bigint }>(
      `select outstanding_principal as outstanding from loans where order_no = 'AR-T'`,
    );
    const outstanding = fenToYuan(BigInt(t!.outstanding));
    const text = [
      '订单号,剩余本金,逾期金额,状态',
      `AR-T,${outstanding},0.00,正常`,
      'FF-1,100000.00,0.00,正常',
    ];
    const gbk = iconv.encode(`${text.join('\r\n')}\r\n`, 'gbk');
    const imported = await upload(finance, gbk, {
      funder: 'F-BANK-02',
      format: 'funder-standard-gbk',
    });
    const { counts, rows } = await finance.reconAssets.comparison({ fileId: imported.fileId });
    expect(counts).toEqual({
      matched: 0,
      differs: 1,
      missingInFile: 1,
      unknownLoan: 0,
      otherFunder: 1,
    });
    expect(rows.map((r) => [r.orderNo, r.kind, r.owner, r.differences])).toEqual([
      // AR-T's first period is past due and unpaid: overdue by our books, current by the file.
      ['AR-T', 'differs', 'F-BANK-02', ['overdueAmount', 'status']],
      ['FF-1', 'other_funder', 'F-SELF-03', []],
      ['BK-1', 'missing_in_file', 'F-BANK-02', []],
    ]);
    expect(rows[0]!.ours).toMatchObject({ outstandingPrincipal: outstanding, status: 'overdue' });
  });

  it('takes a file over 2 MiB on its own route; a run refuses such a body', async () => {
    const body = JSON.stringify({
      funder: 'F-BANK-02',
      date: '2026-03-16',
      fileName: 'big.csv',
      file: Buffer.from(
        `订单号,剩余本金,逾期金额,状态\nBK-1,1.00,0.00,正常\nAR-T,x,0.00,正常\n${'#'.repeat(3 * 1024 * 1024)}\n`,
      ).toString('base64'),
    });
    expect(body.length).toBeGreaterThan(2 * 1024 * 1024);
    const uploaded = await httpPost('reconAssets.upload', body);
    expect(uploaded.status).toBe(400);
    expect(uploaded.body.error.data).toMatchObject({ field: 'file' });
    expect(uploaded.body.error.message).toContain('line 3');
    expect((await httpPost('reconAssets.run', body)).status).toBe(413);
  });

  it('an auditor reads but runs and uploads nothing; pm reads nothing', async () => {
    const auditor = await h.callerAs('auditor');
    expect((await auditor.reconAssets.runs({})).length).toBeGreaterThan(0);
    expect((await auditor.reconAssets.fileFormats()).map((f) => f.name)).toEqual([
      'funder-standard',
      'funder-standard-gbk',
      'funder-fen',
    ]);
    await expect(auditor.reconAssets.run({ date: DAY })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(upload(auditor, selfFile)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const pm = await h.callerAs('pm');
    await expect(pm.reconAssets.breaks({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
