import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { api } from '../fixtures/api';
import { login } from '../fixtures/auth';

interface AuditItem {
  id: string;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  reason: string | null;
}

/** A query procedure through the console's own /trpc, with the page's session. */
async function query<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.request.get(
    `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`,
  );
  expect(res.status()).toBe(200);
  return ((await res.json()) as { result: { data: T } }).result.data;
}

test('an auditor filters the audit log, reads a change as before and after, and downloads the rows as CSV', async ({
  page,
}) => {
  // Two pauses by the upstream system (its API key), each an audit row with the change.
  for (const orderNo of ['DEMO0000007', 'DEMO0000008']) {
    const paused = await api('POST', `/api/v1/loans/${orderNo}/pause`, {
      until: '2026-03-31',
      reason: `E2E 审计：${orderNo} 协商还款`,
    });
    expect(paused.status).toBe(200);
  }

  await login(page, 'auditor');
  await page.getByRole('menuitem', { name: '审计日志' }).click();
  await expect(page).toHaveURL(/\/audit$/);
  const search = page.getByRole('search', { name: '审计日志' });
  await search.getByLabel('动作').fill('loan.pause');
  await search.getByLabel('操作人类型').click();
  await page.getByTitle('API 密钥').click();
  await search.getByRole('button', { name: /查\s*询/ }).click();
  // The search goes to the address; the list then shows only its rows.
  await expect(page).toHaveURL(/\/audit\?actorType=api_key&action=loan\.pause$/);

  const table = page.getByTestId('audit-log');
  const row7 = table.getByRole('row').filter({ hasText: 'DEMO0000007' });
  await expect(row7).toContainText('loan.pause');
  await expect(row7).toContainText('E2E 审计：DEMO0000007 协商还款');
  await expect(table.getByRole('row').filter({ hasText: 'DEMO0000008' })).toBeVisible();
  // Only what the filter asks for.
  const bodyRows = table.locator('tbody tr.ant-table-row');
  const shown = await bodyRows.count();
  expect(shown).toBeGreaterThanOrEqual(2);
  for (let i = 0; i < shown; i++) await expect(bodyRows.nth(i)).toContainText('loan.pause');

  // The change as a person reads it: the field, before (none), after.
  await row7.click();
  const drawer = page.getByRole('dialog').filter({ hasText: /审计记录 #\d+/ });
  await expect(drawer).toContainText('API 密钥');
  const diff = drawer.getByTestId('audit-diff');
  await expect(diff.getByRole('columnheader', { name: '变更前' })).toBeVisible();
  const paused = diff.getByRole('row').filter({ hasText: 'paused' });
  await expect(paused.getByRole('cell').nth(1)).toHaveText('—');
  await expect(paused.getByRole('cell').nth(2)).toHaveText('2026-03-31');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  // The filtered rows as a file: the same rows the engine lists for the filter.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^审计日志-\d{8}-\d{6}\.csv$/);
  const bytes = await readFile(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const records: string[][] = parse(bytes, { bom: true });
  const [header, ...rows] = records;
  expect(header).toEqual([
    '编号',
    '时间',
    '操作人类型',
    '操作人',
    '动作',
    '对象类型',
    '对象编号',
    '原因',
    '变更',
  ]);
  await expect(page.getByTestId('export-progress')).toContainText(`${rows.length} 行`);
  const listed = await query<{ items: AuditItem[] }>(page, 'audit.list', {
    action: 'loan.pause',
    actorType: 'api_key',
    limit: 200,
  });
  expect(rows.map((r) => [r[0], r[3], r[4], r[5], r[6], r[7]])).toEqual(
    listed.items.map((i) => [i.id, i.actor, i.action, i.entityType, i.entityId, i.reason ?? '']),
  );
  for (const r of rows) expect([r[2], r[4]]).toEqual(['api_key', 'loan.pause']);
  const mine = rows.find((r) => r[6] === 'DEMO0000007')!;
  expect(JSON.parse(mine[8]!)).toEqual({ paused: { from: null, to: '2026-03-31' } });
  // Times as the page shows them (Asia/Shanghai).
  await expect(row7).toContainText(mine[1]!);

  // The export itself is in the log: who, which list, the filters, how many rows.
  const exports = await query<{ items: (AuditItem & { diff: unknown })[] }>(page, 'audit.list', {
    action: 'export.download',
    actor: 'auditor',
    limit: 1,
  });
  expect(exports.items[0]).toMatchObject({
    entityId: 'audit-log',
    diff: {
      format: 'csv',
      filters: { action: 'loan.pause', actorType: 'api_key' },
      rows: rows.length,
      complete: true,
    },
  });
});

test('the audit log is for auditors and admins: ops sees no menu entry and cannot open it', async ({
  page,
}) => {
  await login(page, 'ops');
  await expect(page.getByRole('menuitem', { name: /贷款/ })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: '审计日志' })).toHaveCount(0);
  await page.goto('/audit');
  await expect(page.getByText('当前角色无权访问此页面')).toBeVisible();
  const file = await page.request.get('/exports/audit-log.csv');
  expect(file.status()).toBe(403);
});
