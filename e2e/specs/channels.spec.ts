import { expect, test } from '@playwright/test';
import { login } from '../fixtures/auth';

test('ops sees the channel registry and puts a channel into maintenance with a reason', async ({
  page,
}) => {
  await login(page, 'ops');
  await page.goto('/channels');
  const row = page.getByRole('row', { name: /sandbox-b/ });
  await expect(row).toContainText('正常');
  await row.getByRole('button', { name: '切换状态' }).click();
  const modal = page.getByRole('dialog');
  await modal.getByRole('button', { name: /确\s*定/ }).click();
  await expect(modal.getByText('请填写原因（至少 2 个字）')).toBeVisible();
  await modal.getByRole('textbox').fill('通道升级');
  await modal.getByRole('button', { name: /确\s*定/ }).click();
  await expect(page.getByRole('row', { name: /sandbox-b/ })).toContainText('维护中');
});

test('an auditor reads the registry without a switch', async ({ page }) => {
  await login(page, 'auditor');
  await page.goto('/channels');
  await expect(page.getByRole('row', { name: /sandbox-a/ })).toBeVisible();
  await expect(page.getByRole('button', { name: '切换状态' })).toHaveCount(0);
});
