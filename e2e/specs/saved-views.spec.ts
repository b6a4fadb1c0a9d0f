import { expect, test } from '@playwright/test';
import { login } from '../fixtures/auth';

// The stack's clock is 2026-03-15 10:00: the 10:00 window ran, so today's channels answered.
const TODAY = '2026-03-15';

test('finance saves a dashboard view, shares it, and another user opens it', async ({
  browser,
}) => {
  const finance = await browser.newPage();
  await login(finance, 'finance');
  await finance.goto(`/reports/channels?from=${TODAY}&to=${TODAY}&channel=sandbox-a`);
  await expect(finance.getByRole('heading', { name: '通道分析报表' })).toBeVisible();
  // The day's hours: one chart of rates over attempts.
  const hours = finance.getByRole('img', { name: '分时走势（成功率与请求数）' });
  await expect(hours.locator('canvas')).toBeVisible();

  await finance.getByRole('button', { name: /保存视图/ }).click();
  const dialog = finance.getByRole('dialog', { name: '保存当前筛选为视图' });
  await dialog.getByLabel('视图名称').fill('今日 sandbox-a');
  await dialog.getByLabel('共享给所有人').check();
  await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(finance.getByText('视图已保存')).toBeVisible();
  // The address's filters are that view now.
  await expect(finance.getByTestId('saved-views')).toContainText('今日 sandbox-a');

  // Without filters, picking the view opens them.
  await finance.goto('/reports/channels');
  await finance.getByRole('combobox', { name: '已保存的视图' }).click();
  await finance.getByTitle('今日 sandbox-a').click();
  await expect(finance).toHaveURL(/channel=sandbox-a/);
  await expect(finance).toHaveURL(new RegExp(`from=${TODAY}`));

  // An auditor sees the shared view (not theirs to delete) and opens it.
  const auditor = await browser.newPage();
  await login(auditor, 'auditor');
  await auditor.goto('/reports/channels');
  await auditor.getByRole('combobox', { name: '已保存的视图' }).click();
  await auditor.getByTitle('今日 sandbox-a').click();
  await expect(auditor).toHaveURL(/channel=sandbox-a/);
  await expect(auditor.getByRole('button', { name: '删除视图' })).toHaveCount(0);

  // Its owner deletes it.
  await finance.getByRole('button', { name: '删除视图' }).click();
  await finance.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(finance.getByText('视图已删除')).toBeVisible();
  await auditor.reload();
  await auditor.getByRole('combobox', { name: '已保存的视图' }).click();
  await expect(auditor.getByText('还没有保存的视图')).toBeVisible();
});

test('the debit orders search lives in the address, so it can be saved as a view', async ({
  page,
}) => {
  await login(page, 'ops');
  await page.goto('/debits?tab=orders');
  await page.getByPlaceholder('扣款时段').fill('10:00');
  await page.getByRole('button', { name: /查\s*询/ }).click();
  await expect(page).toHaveURL(/window=10%3A00/);
  await expect(page).toHaveURL(/tab=orders/);
  await page.getByRole('button', { name: /保存视图/ }).click();
  const dialog = page.getByRole('dialog', { name: '保存当前筛选为视图' });
  await dialog.getByLabel('视图名称').fill('十点时段');
  await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(page.getByText('视图已保存')).toBeVisible();
  await page.goto('/debits?tab=orders');
  await page.getByRole('combobox', { name: '已保存的视图' }).click();
  await page.getByTitle('十点时段').click();
  await expect(page).toHaveURL(/window=10%3A00/);
  await expect(page.getByPlaceholder('扣款时段')).toHaveValue('10:00');
});
