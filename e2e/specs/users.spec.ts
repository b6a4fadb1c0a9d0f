import { expect, test, type Page } from '@playwright/test';
import { login } from '../fixtures/auth';

/** Fills the login form with any password (the fixture knows only the demo one). */
async function signIn(page: Page, username: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

test('an admin creates a user, who must choose a password at the first sign-in', async ({
  page,
  browser,
}) => {
  // Two browsers, and four password hashes at the production cost.
  test.slow();
  await login(page, 'admin');
  await page.getByRole('menuitem', { name: '用户管理' }).click();
  await expect(page.getByRole('heading', { name: '用户管理' })).toBeVisible();
  await page.getByRole('button', { name: /新建用户/ }).click();
  const modal = page.getByRole('dialog');
  await modal.getByLabel('用户名').fill('e2e.newcomer');
  await modal.getByLabel('显示名称').fill('新同事');
  await modal.getByLabel('原因（记入审计日志）').fill('新入职');
  await modal.getByRole('button', { name: /确\s*定/ }).click();

  const notice = page.getByRole('dialog').filter({ hasText: '临时密码（只显示这一次）' });
  const password = (await notice.locator('code').innerText()).trim();
  expect(password).toMatch(/^[\w-]{16}$/);
  await notice.getByRole('button', { name: /知道了|OK|确\s*定/ }).click();
  const row = page.getByRole('row', { name: /e2e\.newcomer/ });
  await expect(row.getByText('运营')).toBeVisible();

  // The newcomer, in a browser of their own: held on the change screen until they choose.
  const newcomer = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  await signIn(newcomer, 'e2e.newcomer', password);
  await expect(newcomer).toHaveURL(/\/change-password/);
  await expect(newcomer.getByText('你的密码由管理员设置')).toBeVisible();
  await newcomer.goto('/loans');
  await expect(newcomer).toHaveURL(/\/change-password/);
  await newcomer.getByLabel('当前密码').fill(password);
  await newcomer.getByLabel('新密码', { exact: true }).fill('my own passphrase');
  await newcomer.getByLabel('确认新密码').fill('my own passphrase');
  await newcomer.getByRole('button', { name: /修改密码/ }).click();
  await expect(newcomer).not.toHaveURL(/\/change-password/);
  await expect(newcomer.getByRole('menuitem', { name: /贷款/ })).toBeVisible();
  await newcomer.context().close();

  // Disabled: the row says so.
  await row.getByRole('button', { name: /停\s*用/ }).click();
  const disable = page.getByRole('dialog');
  await disable.getByLabel('原因（记入审计日志）').fill('测试结束');
  await disable.getByRole('button', { name: /确\s*定/ }).click();
  await expect(row.getByText('停用', { exact: true })).toBeVisible();
});

test('only admins see 用户管理', async ({ page }) => {
  await login(page, 'ops');
  await expect(page.getByRole('menuitem', { name: /贷款/ })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: '用户管理' })).toHaveCount(0);
  await page.goto('/users');
  await expect(page.getByText('无权限').first()).toBeVisible();
});

test('the console is served with its security headers and its pages break none of them', async ({
  page,
}) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto('/login');
  const headers = response!.headers();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('same-origin');
  expect(headers['x-frame-options']).toBe('DENY');

  await login(page, 'admin');
  await expect(page.getByText('在贷笔数').first()).toBeVisible();
  for (const path of ['/loans', '/rules', '/channels', '/debits', '/overdue', '/users']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    await expect(page.getByRole('menuitem', { name: /贷款/ })).toBeVisible();
  }
  expect(violations).toEqual([]);
});
