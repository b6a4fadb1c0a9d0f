import { expect, test } from '@playwright/test';
import { login } from '../fixtures/auth';

test('a wrong password keeps you on the login page with a message', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('用户名').fill('ops');
  await page.getByLabel('密码').fill('wrong-password');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(
    page.getByText(/用户名或密码错误|wrong username or password/i).first(),
  ).toBeVisible();
});

test('an anonymous visitor is sent to the login page', async ({ page }) => {
  await page.goto('/loans');
  await expect(page).toHaveURL(/\/login/);
});

test('finance sees today\u2019s key figures on the home page', async ({ page }) => {
  await login(page, 'finance');
  await expect(page.getByText('在贷笔数').first()).toBeVisible();
  await expect(page.getByText(/¥[\d,]+\.\d{2}/).first()).toBeVisible();
});
