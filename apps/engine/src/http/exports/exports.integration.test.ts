// Lists as files over HTTP (GET /exports/<list>.csv|.xlsx): the audit log, debit orders and
// payout orders exported with the console's filters parse back to exactly the rows the list's
// procedure answers (CSV with its BOM, xlsx through exceljs), times in Asia/Shanghai, money as
// yuan strings, payees as masks; each export leaves one audit row; only the session cookie of a
// user holding the list's permission is let through.
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskCardNo, maskName } from '../../lib/mask';
import { CONSOLE_ORIGIN, startHarness, type Caller, type Harness } from '../../testing/harness';
import { shanghaiTime } from './cells';

let h: Harness;
let sandbox: Sandbox;
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);

const cookies = new Map<string, string>();
async function signIn(username: string): Promise<string> {
  const known = cookies.get(username);
  if (known) return known;
  const res = await fetch(`${h.baseUrl}/trpc/auth.login`, {
    method: 'POST',
    headers: { origin: CONSOLE_ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'repay123' }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
  cookies.set(username, cookie);
  return cookie;
}

interface Download {
  status: number;
  headers: Headers;
  bytes: Buffer;
}

async function download(
  as: string | null,
  path: string,
  headers: Record<string, string> = {},
): Promise<Download> {
  const res = await fetch(`${h.baseUrl}${path}`, {
    headers: { ...(as ? { cookie: await signIn(as) } : {}), ...headers },
  });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function csvRows(d: Download): string[][] {
  expect(d.status).toBe(200);
  expect(d.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(d.bytes.subarray(0, 3).equals(BOM)).toBe(true);
  const rows: string[][] = parse(d.bytes, { bom: true });
  return rows;
}

async function xlsxRows(d: Download): Promise<unknown[][]> {
  expect(d.status).toBe(200);
  expect(d.headers.get('content-type')).toBe(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(d.bytes as unknown as ArrayBuffer);
  expect(book.worksheets).toHaveLength(1);
  const rows: unknown[][] = [];
  const sheet = book.worksheets[0]!;
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const cells: unknown[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) cells.push(row.getCell(c).value ?? null);
    rows.push(cells);
  });
  return rows;
}

/** The newest audit rows of exports (the test's own, newest first). */
const exportRows = () =>
  q<{ actorId: string; entityId: string; diff: Record<string, unknown> }>(
    `SELECT actor_id AS "actorId", entity_id AS "entityId", diff FROM audit_log
      WHERE action = 'export.download' ORDER BY id DESC`,
  );

let auditor: Caller;
let auditorId: string;

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  const sandboxUrl = await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
  h = await startHarness({ sandboxUrl });
  auditor = await h.callerAs('auditor');
  auditorId = (
    await q<{ id: string }>(`SELECT id::text AS id FROM users WHERE username = 'auditor'`)
  )[0]!.id;
  // Audit rows with what a file must carry intact: commas, quotes, a line break, Chinese, a
  // formula someone typed, a diff.
  const reasons = ['暂停, "客户申请"', '第一行\n第二行', '=HYPERLINK("http://x","点我")', null];
  for (let i = 0; i < 9; i++)
    await q(
      `INSERT INTO audit_log (actor_type, actor_id, action, entity_type, entity_id, reason, diff, created_at)
       VALUES ('user', $1, 'loan.pause', 'loan', $2, $3, $4::jsonb, $5)`,
      [
        auditorId,
        `EX-L${i % 2}`,
        reasons[i % reasons.length],
        JSON.stringify({ paused: { from: false, to: true }, n: i }),
        new Date(Date.UTC(2026, 2, 14, 15, 59, 55 + i)).toISOString(),
      ],
    );
  // Debit orders from a window run over two loans at the sandbox, and two queued payouts.
  for (const [orderNo, cardNo] of [
    ['EX-OK', '6222020200112430000'],
    ['EX-UNKNOWN', '6222020200112030099'],
  ] as const) {
    await h.createLoan({ orderNo });
    await h.bindCard({ orderNo, cardNo, bankCode: 'ICBC', mobile: '13800138000' });
  }
  const ops = await h.callerAs('ops');
  await ops.debits.startRun({ date: '2026-03-15', window: '10:00', reason: '导出测试' });
  for (let i = 0; i < 200 && (await ops.debits.runs({}))[0]?.status !== 'completed'; i++)
    await new Promise((r) => setTimeout(r, 100));
  expect((await ops.debits.runs({}))[0]?.status).toBe('completed');
  for (const payoutNo of ['EX-P1', 'EX-P2']) {
    const created = await h.api('POST', '/api/v1/payouts', {
      payoutNo,
      funderCode: 'F-TRUST-01',
      purpose: 'disbursement',
      amount: payoutNo === 'EX-P1' ? '1234.56' : '0.07',
      payee: { name: '司马长风', accountNo: '6222027788990000', bankCode: 'ICBC' },
    });
    expect(created.status).toBe(201);
  }
}, 120_000);
afterAll(async () => {
  await h.close();
  await sandbox.app.close();
});

/** The audit list's rows as the export writes them (CSV: formulas neutralised). */
async function expectedAuditRows(filter: Record<string, string>, csv: boolean) {
  const rows: string[][] = [];
  let cursor: string | null = null;
  do {
    const page = await auditor.audit.list({ ...filter, limit: 200, cursor });
    for (const r of page.items)
      rows.push([
        r.id,
        shanghaiTime(r.at)!,
        r.actorType,
        r.actor,
        r.action,
        r.entityType,
        r.entityId,
        csv && r.reason?.startsWith('=') ? `'${r.reason}` : (r.reason ?? ''),
        r.diff === null ? '' : JSON.stringify(r.diff),
      ]);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

const AUDIT_HEADER = [
  '编号',
  '时间',
  '操作人类型',
  '操作人',
  '动作',
  '对象类型',
  '对象编号',
  '原因',
  '变更',
];

describe('the audit log as a file', () => {
  it('CSV: UTF-8 with a BOM, the filtered rows exactly, times in Shanghai', async () => {
    const filter = { action: 'loan', actor: 'auditor' };
    const d = await download(
      'auditor',
      `/exports/audit-log.csv?${new URLSearchParams(filter).toString()}`,
    );
    const [header, ...rows] = csvRows(d);
    expect(header).toEqual(AUDIT_HEADER);
    const expected = await expectedAuditRows(filter, true);
    expect(expected).toHaveLength(9);
    expect(rows).toEqual(expected);
    // As written: the comma and quotes, the line break, the formula made inert, the diff.
    expect(rows.map((r) => r[7])).toEqual(
      expect.arrayContaining([
        '暂停, "客户申请"',
        '第一行\n第二行',
        '\'=HYPERLINK("http://x","点我")',
        '',
      ]),
    );
    expect(JSON.parse(rows[0]![8]!)).toMatchObject({ paused: { from: false, to: true } });
    expect(rows.at(-1)![1]).toBe('2026-03-14 23:59:55');
    expect(rows[0]![1]).toBe('2026-03-15 00:00:03');
    expect(d.headers.get('content-disposition')).toMatch(
      /^attachment; filename="audit-log-20260315-100000\.csv"; filename\*=UTF-8''/,
    );
    expect(decodeURIComponent(d.headers.get('content-disposition')!.split("''")[1]!)).toBe(
      '审计日志-20260315-100000.csv',
    );
    expect(d.headers.get('cache-control')).toBe('no-store');
  });

  it('xlsx: the same rows, the header in English when asked', async () => {
    const filter = { action: 'loan.pause', from: '2026-03-14', to: '2026-03-15' };
    const d = await download(
      'admin',
      `/exports/audit-log.xlsx?${new URLSearchParams({ ...filter, lang: 'en' }).toString()}`,
    );
    const [header, ...rows] = await xlsxRows(d);
    expect(header).toEqual([
      'ID',
      'Time',
      'Actor type',
      'Actor',
      'Action',
      'Entity type',
      'Entity ID',
      'Reason',
      'Diff',
    ]);
    const expected = (await expectedAuditRows(filter, false)).map((r) =>
      r.map((cell) => (cell === '' ? null : cell)),
    );
    expect(expected).toHaveLength(9);
    expect(rows).toEqual(expected);
    // The business dates cut at Shanghai midnight: 14 March keeps the first five seconds.
    const day14 = await download(
      'admin',
      '/exports/audit-log.xlsx?action=loan.pause&to=2026-03-14',
    );
    expect(await xlsxRows(day14)).toHaveLength(1 + 5);
  });

  it('leaves one audit row per export: who, which list, its filters, how many rows', async () => {
    const before = (await exportRows()).length;
    const d = await download('auditor', '/exports/audit-log.csv?entityType=loan&entityId=EX-L0');
    expect(csvRows(d)).toHaveLength(1 + 5);
    // Written before the file's last bytes: there once the file is.
    expect(await exportRows()).toHaveLength(before + 1);
    const [row] = await exportRows();
    expect(row).toEqual({
      actorId: auditorId,
      entityId: 'audit-log',
      diff: {
        format: 'csv',
        filters: { entityType: 'loan', entityId: 'EX-L0' },
        rows: 5,
        complete: true,
      },
    });
    // The export's own row is in the log the next export reads.
    const next = csvRows(await download('auditor', '/exports/audit-log.csv?action=export'));
    expect(next.length).toBeGreaterThanOrEqual(2);
    expect(next[1]!.slice(4, 7)).toEqual(['export.download', 'export', 'audit-log']);
  });

  it('answers the list’s permission: auditor and admin; ops, finance, pm and nobody not', async () => {
    const before = (await exportRows()).length;
    for (const role of ['ops', 'finance', 'pm']) {
      const refused = await download(role, '/exports/audit-log.csv');
      expect(refused.status, role).toBe(403);
      expect(JSON.parse(refused.bytes.toString()).error).toMatchObject({ code: 'FORBIDDEN' });
    }
    const signedOut = await download(null, '/exports/audit-log.xlsx');
    expect(signedOut.status).toBe(401);
    expect(JSON.parse(signedOut.bytes.toString()).error.code).toBe('UNAUTHORIZED');
    const forged = await download(null, '/exports/audit-log.csv', {
      cookie: 'repay_session=forged',
    });
    expect(forged.status).toBe(401);
    // A page elsewhere cannot start a download with the user's cookie.
    const crossSite = await download('auditor', '/exports/audit-log.csv', {
      'sec-fetch-site': 'cross-site',
    });
    expect(crossSite.status).toBe(403);
    expect((await download('admin', '/exports/audit-log.csv')).status).toBe(200);
    expect(await exportRows()).toHaveLength(before + 1);
  });

  it('refuses filters it cannot read, unknown ones, and unknown lists, with no file', async () => {
    const bad = await download('auditor', '/exports/audit-log.csv?from=2026-02-30');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.bytes.toString()).error).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'from',
    });
    const unknown = await download('auditor', '/exports/audit-log.csv?limit=5');
    expect(unknown.status).toBe(400);
    expect((await download('auditor', '/exports/audit-log.csv?actorType=robot')).status).toBe(400);
    expect((await download('auditor', '/exports/audit-log.csv?action=a&action=b')).status).toBe(
      400,
    );
    expect((await download('auditor', '/exports/audit-log.pdf')).status).toBe(404);
    expect((await download('auditor', '/exports/secrets.csv')).status).toBe(404);
  });
});

describe('other lists as files', () => {
  it('debit orders: the filtered orders, amounts in yuan, periods as numbers in xlsx', async () => {
    const ops = await h.callerAs('ops');
    const all = (await ops.debits.orders({ limit: 200 })).items;
    expect(all.length).toBeGreaterThanOrEqual(4);
    const succeeded = (await ops.debits.orders({ status: 'succeeded', limit: 200 })).items;
    expect(succeeded.length).toBeGreaterThan(0);
    const [header, ...rows] = csvRows(
      await download('ops', '/exports/debit-orders.csv?status=succeeded&businessDate=2026-03-15'),
    );
    expect(header!.slice(0, 5)).toEqual(['编号', '扣款单号', '贷款订单号', '期次', '金额（元）']);
    expect(rows).toEqual(
      succeeded.map((o) => [
        o.id,
        o.orderKey,
        o.orderNo,
        String(o.period),
        o.amount,
        o.businessDate,
        o.window ?? '',
        o.source,
        o.channel ?? '',
        o.status,
        o.resultClass ?? '',
        o.rawCode ?? '',
        o.rawMessage ?? '',
        o.funderCode,
        o.productCode,
        o.businessLine,
        String(o.queryAttempts),
        shanghaiTime(o.createdAt),
        shanghaiTime(o.finishedAt) ?? '',
      ]),
    );
    expect(rows[0]![4]).toMatch(/^\d+\.\d{2}$/);
    const [, ...xlsx] = await xlsxRows(await download('auditor', '/exports/debit-orders.xlsx'));
    expect(xlsx.map((r) => r[0])).toEqual(all.map((o) => o.id));
    expect(xlsx.map((r) => r[3])).toEqual(all.map((o) => o.period));
    expect(xlsx.map((r) => r[4])).toEqual(all.map((o) => o.amount));
    // The run's filter is read as the list reads it.
    const runId = (await ops.debits.runs({}))[0]!.id;
    expect(csvRows(await download('ops', `/exports/debit-orders.csv?runId=${runId}`))).toHaveLength(
      1 + all.length,
    );
    expect((await download('ops', '/exports/debit-orders.csv?status=done')).status).toBe(400);
  });

  it('payout orders: the payee as masks only, money as yuan strings', async () => {
    const d = await download('finance', '/exports/payout-orders.csv?payoutNo=EX-P');
    const [header, ...rows] = csvRows(d);
    const col = (name: string) => header!.indexOf(name);
    expect(rows.map((r) => r[col('代付单号')])).toEqual(['EX-P2', 'EX-P1']);
    expect(rows.map((r) => r[col('金额（元）')])).toEqual(['0.07', '1234.56']);
    expect(rows[0]![col('收款人')]).toBe(maskName('司马长风'));
    expect(rows[0]![col('收款账号')]).toBe(maskCardNo('6222027788990000'));
    expect(d.bytes.toString()).not.toContain('6222027788990000');
    expect(d.bytes.toString()).not.toContain('司马长风');
    const [, ...xlsx] = await xlsxRows(
      await download('auditor', '/exports/payout-orders.xlsx?payoutNo=EX-P1'),
    );
    expect(xlsx).toHaveLength(1);
    expect(xlsx[0]![col('金额（元）')]).toBe('1234.56');
    // Payouts are not everyone's: pm may not read them.
    expect((await download('pm', '/exports/payout-orders.csv')).status).toBe(403);
    const [row] = await exportRows();
    expect(row).toMatchObject({
      entityId: 'payout-orders',
      diff: { format: 'xlsx', filters: { payoutNo: 'EX-P1' }, rows: 1, complete: true },
    });
  });
});
