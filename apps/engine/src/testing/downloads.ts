// A console user's downloads of list exports in tests: signed in by the session cookie, the
// file parsed back into rows (CSV with its BOM; xlsx through exceljs), and a list's keyset pages
// read to the end.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { CONSOLE_ORIGIN, type Harness } from './harness';

export interface Download {
  status: number;
  headers: Headers;
  bytes: Buffer;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function downloads(h: Harness) {
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
  return {
    async download(
      as: string,
      list: string,
      format: 'csv' | 'xlsx',
      filter: Record<string, string> = {},
    ): Promise<Download> {
      const query = new URLSearchParams(filter).toString();
      const res = await fetch(`${h.baseUrl}/exports/${list}.${format}${query ? `?${query}` : ''}`, {
        headers: { cookie: await signIn(as) },
      });
      return {
        status: res.status,
        headers: res.headers,
        bytes: Buffer.from(await res.arrayBuffer()),
      };
    },
  };
}

/** The CSV's rows (header first), checked to be UTF-8 with a BOM. */
export function csvRows(d: Download): string[][] {
  expect(d.status, d.bytes.toString('utf8').slice(0, 300)).toBe(200);
  expect(d.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(d.bytes.subarray(0, 3).equals(BOM)).toBe(true);
  return parse(d.bytes, { bom: true });
}

/** The sheet's rows (header first), each cell as exceljs reads it. */
export async function xlsxRows(d: Download): Promise<unknown[][]> {
  expect(d.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(d.bytes as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const cells: unknown[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) cells.push(row.getCell(c).value ?? null);
    rows.push(cells);
  });
  return rows;
}

/** Every row of a keyset list, page by page; fails on a row seen twice. */
export async function allPages<Row extends { id: string }>(
  read: (cursor: string | null) => Promise<{ items: Row[]; nextCursor: string | null }>,
): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  do {
    const page = await read(cursor);
    rows.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  return rows;
}

/** The newest export audit rows (newest first). */
export const exportAuditRows = (h: Harness) =>
  h.app.database.sql.query<{ actorId: string; entityId: string; diff: Record<string, unknown> }>(
    `SELECT actor_id AS "actorId", entity_id AS "entityId", diff FROM audit_log
      WHERE action = 'export.download' ORDER BY id DESC`,
  );
