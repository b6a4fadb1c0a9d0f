import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { login } from '../fixtures/auth';

interface Line {
  id: string;
  journalId: string;
  kind: string;
  accountCode: string;
  orderNo: string | null;
  amount: string;
}

/** A query procedure through the console's own /trpc, with the page's session. */
async function query<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.request.get(
    `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`,
  );
  expect(res.status()).toBe(200);
  return ((await res.json()) as { result: { data: T } }).result.data;
}

/** Every line the engine lists for the filter, page by page. */
async function allLines(page: Page, filter: Record<string, string>) {
  const lines: Line[] = [];
  let cursor: string | null = null;
  do {
    const res: { items: Line[]; nextCursor: string | null } = await query(page, 'ledger.entries', {
      ...filter,
      cursor,
      limit: 200,
    });
    lines.push(...res.items);
    cursor = res.nextCursor;
  } while (cursor);
  return lines;
}

test('finance filters the ledger, opens a journal whole, and downloads exactly the filtered lines', async ({
  page,
}) => {
  await login(page, 'finance');
  await page.getByRole('menuitem', { name: '财务明细' }).click();
  await page.getByRole('menuitem', { name: '账务流水' }).click();
  await expect(page).toHaveURL(/\/finance\/ledger$/);
  const table = page.getByTestId('ledger-lines');
  await expect(table.locator('tbody tr.ant-table-row').first()).toBeVisible();

  // One loan's lines of one account kind.
  const search = page.getByRole('search', { name: '账务流水' });
  await search.getByLabel('贷款订单号').fill('DEMO0000003');
  await search.getByLabel('科目类别').click();
  await page.getByTitle('receivable.principal', { exact: true }).click();
  await search.getByRole('button', { name: /查\s*询/ }).click();
  const filter = { accountKind: 'receivable.principal', orderNo: 'DEMO0000003' };
  const want = await allLines(page, filter);
  expect(want.length).toBeGreaterThan(0);
  const rows = table.locator('tbody tr.ant-table-row');
  await expect(rows).toHaveCount(Math.min(want.length, 50));
  for (let i = 0; i < (await rows.count()); i++) {
    await expect(rows.nth(i)).toContainText('DEMO0000003');
    await expect(rows.nth(i)).toContainText('receivable.principal:');
  }

  // The search is the page's address (it can be shared or saved as a view): a reload keeps it,
  // in the form and in the list.
  await expect(page).toHaveURL(
    /\/finance\/ledger\?accountKind=receivable\.principal&orderNo=DEMO0000003$/,
  );
  await page.reload();
  await expect(search.getByLabel('贷款订单号')).toHaveValue('DEMO0000003');
  await expect(search.getByTitle('receivable.principal')).toBeVisible();
  await expect(rows).toHaveCount(Math.min(want.length, 50));
  for (let i = 0; i < (await rows.count()); i++)
    await expect(rows.nth(i)).toContainText('receivable.principal:');

  // The loan's booking opens as its whole journal: both sides, balanced.
  const booked = want.find((l) => l.kind === 'loan_booked')!;
  await rows.filter({ hasText: 'loan_booked' }).first().click();
  const drawer = page.getByRole('dialog').filter({ hasText: `凭证 #${booked.journalId}` });
  await expect(drawer).toBeVisible();
  const journal = drawer.getByTestId('journal-lines');
  await expect(journal.locator('tbody tr.ant-table-row')).toHaveCount(2);
  await expect(journal).toContainText('receivable.principal:');
  await expect(journal).toContainText('funding.payable:');
  await expect(drawer.getByTestId('journal-balance')).toContainText('0.00');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  // The filtered lines as a file: one CSV line per listed line, the same ids.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^账务流水-\d{8}-\d{6}\.csv$/);
  const bytes = await readFile(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString('utf8');
  // Lines of the file: the header and one per ledger line (no memo here holds a line break).
  expect(text.split('\r\n').filter((l) => l !== '')).toHaveLength(want.length + 1);
  const fileRows: string[][] = parse(bytes, { bom: true });
  const [header, ...records] = fileRows;
  expect(header!.slice(0, 4)).toEqual(['分录编号', '凭证编号', '凭证键', '凭证类型']);
  expect(records.map((r) => r[0])).toEqual(want.map((l) => l.id));
  expect(records.map((r) => r[13])).toEqual(want.map((l) => l.amount));
  await expect(page.getByTestId('export-progress')).toContainText(`${want.length} 行`);
});

test('ops has no ledger: no menu entry, no page, no file', async ({ page }) => {
  await login(page, 'ops');
  await expect(page.getByRole('menuitem', { name: /贷款/ })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: '账务流水' })).toHaveCount(0);
  await page.goto('/finance/ledger');
  await expect(page.getByText('当前角色无权访问此页面')).toBeVisible();
  expect((await page.request.get('/exports/ledger-entries.csv')).status()).toBe(403);
});
