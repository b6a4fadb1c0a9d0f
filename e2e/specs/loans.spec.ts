import { expect, test } from '@playwright/test';
import { login } from '../fixtures/auth';

test('ops searches a loan by order number, opens it and sees its plan', async ({ page }) => {
  await login(page, 'ops');
  await page.getByRole('menuitem', { name: /贷款/ }).click();
  await expect(page).toHaveURL(/\/loans/);
  await page.getByLabel('订单号').fill('DEMO0000002');
  await page.getByRole('button', { name: /查\s*询/ }).click();
  const row = page.getByRole('row', { name: /DEMO0000002/ });
  await expect(row).toBeVisible();
  await expect(page.getByRole('row', { name: /DEMO0000003/ })).toHaveCount(0);
  await row.getByRole('link', { name: 'DEMO0000002' }).click();
  await expect(page).toHaveURL(/\/loans\/DEMO0000002/);
  await expect(page.getByText('还款计划').first()).toBeVisible();
  // Masked borrower only.
  await expect(page.getByText(/\d{6}\*{8}[\dX]{4}/).first()).toBeVisible();
  // The plan table has one row per period with yuan amounts.
  const planRows = page.getByRole('table').last().getByRole('row');
  await expect(planRows.nth(1)).toContainText(/¥[\d,]+\.\d{2}/);
});

test('ops pauses a loan’s debits until a date, then resumes them', async ({ page }) => {
  await login(page, 'ops');
  await page.goto('/loans/DEMO0000002');
  await page.getByRole('button', { name: '暂停扣款' }).click();
  const modal = page.getByRole('dialog', { name: '暂停扣款' });
  await modal.getByLabel('暂停至（含当日）').fill('2026-04-15');
  await modal.getByLabel('暂停至（含当日）').press('Enter');
  await modal.getByLabel('原因').fill('协商还款');
  await modal.getByRole('button', { name: /确\s*定/ }).click();
  await expect(page.getByText('暂停至 2026-04-15')).toBeVisible();
  await page.getByRole('button', { name: '恢复扣款' }).click();
  await page.getByRole('button', { name: /确\s*定/ }).click();
  await expect(page.getByText('暂停至 2026-04-15')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '暂停扣款' })).toBeVisible();
});
