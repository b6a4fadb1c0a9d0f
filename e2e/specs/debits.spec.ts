import { expect, test } from '@playwright/test';
import { login } from '../fixtures/auth';
import { expectEmptyFormRefused } from '../fixtures/modal';

test('the open window ran by itself; ops start a run by hand and watch it finish', async ({
  page,
}) => {
  await login(page, 'ops');
  await page.goto('/debits');
  // The stack's clock is 10:00 on a day the consumer window runs: the scheduler started it.
  await expect(page.getByRole('row', { name: /scheduler/ })).toContainText('10:00');
  await page.getByRole('button', { name: '发起批次' }).click();
  const modal = page.getByRole('dialog', { name: '发起批次' });
  await expectEmptyFormRefused(modal, '请填写原因（至少 2 个字）');
  // Today's configured slot, saying the scheduler ran it already.
  await expect(modal).toContainText('10:00–10:30 · 已运行');
  await modal.getByLabel('资金方').click();
  await page.getByTitle(/F-TRUST-01/).click();
  await modal.getByLabel('原因').fill('补跑上午时段');
  await modal.getByRole('button', { name: /确\s*定/ }).click();
  await expect(modal).toBeHidden();
  const row = page.getByRole('row', { name: /funder:F-TRUST-01/ });
  await expect(row).toContainText('已完成');
  await expect(row).toContainText('ops');
  await expect(row).toContainText('2026-03-15');

  await page.getByRole('tab', { name: '扣款订单' }).click();
  await expect(page.getByPlaceholder('贷款订单号')).toBeVisible();
  // The scheduler's run debited demo loans at the sandbox: the order tells its story.
  const first = page.locator('.ant-table-row').first();
  const orderNo = (await first.locator('td').first().innerText()).trim();
  await first.click();
  const drawer = page.getByRole('dialog', { name: /扣款订单 W20260315/ });
  await expect(drawer.getByText('路由决策')).toBeVisible();
  await expect(drawer.getByText(/已创建 → 已提交/)).toBeVisible();
  await page.keyboard.press('Escape');
  await page.goto(`/loans/${orderNo}`);
  await expect(page.getByTestId('loan-debits')).toContainText('2026-03-15');
  await page.goto('/debits');
  await page.getByRole('tab', { name: '人工复核' }).click();
});

test('an auditor reads the runs without starting one', async ({ page }) => {
  await login(page, 'auditor');
  await page.goto('/debits');
  await expect(page.getByRole('row', { name: /10:00/ }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: '发起批次' })).toHaveCount(0);
});
