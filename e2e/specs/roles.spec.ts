import { expect, test } from '@playwright/test';
import { login } from '../fixtures/auth';

test('ops can look at funders but is not offered editing', async ({ page }) => {
  await login(page, 'ops');
  await page.goto('/funders');
  await expect(page.getByRole('cell', { name: 'F-TRUST-01' })).toBeVisible();
  await expect(page.getByRole('button', { name: /新建资金方/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /编\s*辑/ })).toHaveCount(0);
});

test('a product manager creates a funder, with validation naming the field', async ({ page }) => {
  await login(page, 'pm');
  await page.goto('/funders');
  await page.getByRole('button', { name: /新建资金方/ }).click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('编码').fill('bad code');
  await drawer.getByLabel('名称').fill('测试资金方');
  await drawer.getByRole('button', { name: /保\s*存/ }).click();
  await expect(drawer.getByText('编码须为 2-32 位大写字母、数字或 -')).toBeVisible();
  await drawer.getByLabel('编码').fill('F-E2E-01');
  await drawer.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByRole('cell', { name: 'F-E2E-01' })).toBeVisible();
});

test('the console switches to English', async ({ page }) => {
  await login(page, 'admin');
  await page
    .getByRole('button', { name: /English|EN/ })
    .first()
    .click();
  await expect(page.getByRole('menuitem', { name: /Loans/ })).toBeVisible();
});

test('a product manager edits a product; a change the engine refuses lands on its field', async ({
  page,
}) => {
  await login(page, 'pm');
  await page.goto('/products');
  const row = page.getByRole('row', { name: /LEASE-STD/ });
  await row.getByRole('button', { name: /编\s*辑/ }).click();
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByLabel('编码')).toBeDisabled();
  await drawer.getByLabel('宽限天数').fill('5');
  await drawer.getByRole('button', { name: /保\s*存/ }).click();
  await expect(
    page.getByRole('row', { name: /LEASE-STD/ }).getByRole('cell', { name: '5', exact: true }),
  ).toBeVisible();

  // Demo lease loans exist, so the engine keeps the product's business line.
  await page
    .getByRole('row', { name: /LEASE-STD/ })
    .getByRole('button', { name: /编\s*辑/ })
    .click();
  await drawer.getByLabel('业务线').click();
  await page.getByTitle('消费分期').click();
  await drawer.getByRole('button', { name: /保\s*存/ }).click();
  await expect(drawer.getByText(/business line cannot change/)).toBeVisible();
});
