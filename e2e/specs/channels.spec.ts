import { expect, test } from '@playwright/test';
import { login } from '../fixtures/auth';
import { expectEmptyFormRefused } from '../fixtures/modal';

test('ops sees the channel registry and puts a channel into maintenance with a reason', async ({
  page,
}) => {
  await login(page, 'ops');
  await page.goto('/channels');
  const row = page.getByRole('row', { name: /^sandbox-b/ });
  await expect(row).toContainText('正常');
  await row.getByRole('button', { name: '切换状态' }).click();
  const modal = page.getByRole('dialog');
  await expectEmptyFormRefused(modal, '请填写原因（至少 2 个字）');
  await modal.getByRole('textbox').fill('通道升级');
  await modal.getByRole('button', { name: /确\s*定/ }).click();
  await expect(page.getByRole('row', { name: /^sandbox-b/ })).toContainText('维护中');
});

test('an auditor reads the registry without a switch', async ({ page }) => {
  await login(page, 'auditor');
  await page.goto('/channels');
  await expect(page.getByRole('row', { name: /^sandbox-a/ })).toBeVisible();
  await expect(page.getByRole('button', { name: '切换状态' })).toHaveCount(0);
});

test('ops edits a channel’s limits and maintenance window; the engine’s objection lands on the field', async ({
  page,
}) => {
  await login(page, 'ops');
  await page.goto('/channels');
  await page
    .getByRole('row', { name: /^sandbox-c/ })
    .getByRole('button', { name: /配\s*置/ })
    .click();
  const drawer = page.getByRole('dialog', { name: /通道配置 · sandbox-c/ });
  const single = drawer.getByPlaceholder('单笔限额（元）').first();
  const daily = drawer.getByPlaceholder('单日限额（元）').first();
  await single.fill('abc');
  await expect(drawer.getByText('金额格式如 50000.00')).toBeVisible();
  // Only the engine knows the single limit must not exceed the daily one.
  await single.fill('300000');
  await daily.fill('200000');
  await drawer.getByRole('button', { name: '添加维护时段' }).click();
  await drawer.getByLabel('变更原因').fill('通道方调整限额');
  await drawer.getByRole('button', { name: /保\s*存/ }).click();
  await expect(drawer.getByText('the single limit is above the daily limit')).toBeVisible();
  await single.fill('30000');
  await drawer.getByRole('button', { name: /保\s*存/ }).click();
  await expect(drawer).toBeHidden();
  const row = page.getByRole('row', { name: /^sandbox-c/ });
  // The bank with its limits in view.
  await expect(row).toContainText('单笔 ¥30,000.00 · 单日 ¥200,000.00');

  await row.getByRole('button', { name: /健\s*康/ }).click();
  const health = page.getByRole('dialog', { name: /通道健康 · sandbox-c/ });
  await expect(health.getByText('该时段内没有交易')).toBeVisible();
  await expect(health.getByText('正常').first()).toBeVisible();
  await expect(page.getByTestId('routing-decisions')).toContainText('最近路由决策');
});
