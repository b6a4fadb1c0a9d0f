import { expect, test } from '@playwright/test';
import { api } from '../fixtures/api';
import { login } from '../fixtures/auth';

const REASON = '原因（记入审计日志）';

test('an admin creates a key limited to a funder and a scope, rotates it, then revokes it', async ({
  page,
}) => {
  await login(page, 'admin');
  await page.getByRole('menuitem', { name: 'API密钥' }).click();
  await expect(page.getByRole('heading', { name: 'API密钥' })).toBeVisible();
  // The demo seed's key: every funder.
  await expect(page.getByRole('row', { name: /rk_demo/ }).getByText('全部资金方')).toBeVisible();

  await page.getByRole('button', { name: /新建密钥/ }).click();
  const modal = page.getByRole('dialog');
  await modal.getByLabel('名称').fill('e2e 催收系统');
  await modal.getByLabel('指定资金方').check();
  await modal.getByRole('combobox', { name: '资金方' }).click();
  await page.getByTitle(/F-TRUST-01/).click();
  await modal.getByLabel('名称').click(); // closes the funders' dropdown
  for (const scope of ['进件', '贷后操作', '绑卡解绑', '资产转让', '代付（预留）'])
    await modal.getByLabel(scope).uncheck();
  await modal.getByLabel(REASON).fill('新的催收供应商');
  await modal.getByRole('button', { name: /确\s*定/ }).click();

  const shown = page.getByRole('dialog').filter({ hasText: '密钥（仅显示这一次）' });
  const codes = shown.locator('code');
  const keyId = (await codes.nth(0).innerText()).trim();
  expect(keyId).toMatch(/^rk_[0-9a-f]{18}$/);
  expect((await codes.nth(1).innerText()).trim().length).toBeGreaterThanOrEqual(32);
  await shown.getByRole('button', { name: /知道了|OK|确\s*定/ }).click();

  const row = page.getByRole('row', { name: new RegExp(keyId) });
  await expect(row.getByText('查询贷款')).toBeVisible();
  await expect(row.getByText('进件')).toHaveCount(0);
  await expect(row.getByText(/F-TRUST-01/)).toBeVisible();
  await expect(row.getByText('有效')).toBeVisible();

  await row.getByRole('button', { name: /轮\s*换/ }).click();
  const rotate = page.getByRole('dialog').filter({ hasText: `轮换密钥 ${keyId}` });
  await rotate.getByLabel('宽限期（小时）').fill('2');
  await rotate.getByLabel(REASON).fill('定期轮换');
  await rotate.getByRole('button', { name: /确\s*定/ }).click();
  const again = page.getByRole('dialog').filter({ hasText: '密钥（仅显示这一次）' });
  await again.getByRole('button', { name: /知道了|OK|确\s*定/ }).click();
  await expect(row.getByText(/旧密钥有效至/)).toBeVisible();

  await row.getByRole('button', { name: /吊\s*销/ }).click();
  const revoke = page.getByRole('dialog').filter({ hasText: `吊销密钥 ${keyId}` });
  await revoke.getByLabel(REASON).fill('供应商合同结束');
  await revoke.getByRole('button', { name: /确\s*定/ }).click();
  await expect(row.getByText('已吊销')).toBeVisible();
  await expect(row.getByRole('button', { name: /吊\s*销/ })).toHaveCount(0);
});

test('only admins see API密钥', async ({ page }) => {
  await login(page, 'finance');
  await expect(page.getByRole('menuitem', { name: /贷款/ })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'API密钥' })).toHaveCount(0);
  await page.goto('/api-keys');
  await expect(page.getByText('无权限').first()).toBeVisible();
});

test('finance approves a transfer an API key backdated by more than a week', async ({ page }) => {
  const orderNo = `E2E-APPROVE-${Date.now()}`;
  const created = await api('POST', '/api/v1/loans', {
    orderNo,
    businessLine: 'consumer',
    funderCode: 'F-TRUST-01',
    productCode: 'CONSUMER-STD',
    principal: '12000.00',
    annualRate: '0.12',
    termMonths: 12,
    repaymentMethod: 'equal_installment',
    startDate: '2026-02-10',
    borrower: { name: '王五', idNo: '110101199003071233', mobile: '13800138000' },
  });
  expect(created.status).toBe(201);
  const asked = await api('POST', '/api/v1/asset-transfers', {
    orderNos: [orderNo],
    toFunderCode: 'F-BANK-02',
    cutoffDate: '2026-03-01',
    priceRatio: '1.00',
  });
  expect([asked.status, asked.body.status]).toEqual([202, 'pending_approval']);

  await login(page, 'finance');
  await page.goto('/transfers');
  const row = page.getByRole('row', { name: new RegExp(String(asked.body.transferId)) });
  await expect(row.getByText('待审批')).toBeVisible();
  await row.getByRole('button', { name: /批\s*准/ }).click();
  const modal = page.getByRole('dialog').filter({ hasText: '批准转让' });
  await modal.getByLabel(REASON).fill('双方资金方已签约');
  await modal.getByRole('button', { name: /批\s*准/ }).click();
  await expect(row.getByText('已完成')).toBeVisible();
});
