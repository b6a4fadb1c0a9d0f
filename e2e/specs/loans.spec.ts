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
