import { expect, test } from '@playwright/test';
import { api } from '../fixtures/api';
import { login } from '../fixtures/auth';

test('finance reads the buckets after the daily accrual; a date is accrued once, in order', async ({
  page,
}) => {
  await login(page, 'finance');
  await page.goto('/overdue');
  // The scheduler accrued the stack's business date at start.
  const runs = page.getByTestId('accrual-runs');
  await expect(runs.getByRole('row', { name: /2026-03-15/ })).toContainText('已完成');
  const summary = page.getByTestId('bucket-summary');
  await expect(summary).toContainText('M1');
  await expect(summary).toContainText('逾期本息');

  // The same date again: nothing to do.
  await page.getByRole('button', { name: '补跑计提' }).click();
  let modal = page.getByRole('dialog', { name: '补跑计提' });
  await modal.getByLabel('原因').fill('核对');
  await modal.getByRole('button', { name: /确\s*定/ }).click();
  await expect(page.getByText('该日已计提，无需重复')).toBeVisible();

  // An earlier date would count its days twice: refused on the date field, nothing runs.
  await page.getByRole('button', { name: '补跑计提' }).click();
  modal = page.getByRole('dialog', { name: '补跑计提' });
  const date = modal.getByLabel('业务日期');
  await date.click();
  await date.fill('2026-03-14');
  await date.press('Enter');
  await modal.getByLabel('原因').fill('补跑前一日');
  await modal.getByRole('button', { name: /确\s*定/ }).click();
  await expect(
    modal.locator('.ant-form-item-explain-error', { hasText: '2026-03-15' }),
  ).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(runs.getByRole('row', { name: /2026-03-14/ })).toHaveCount(0);

  // An overdue loan opens with its accruals, to the day, with the rule version.
  const loans = page.getByTestId('overdue-loans');
  const first = loans.locator('.ant-table-row').first();
  await expect(first).toBeVisible();
  await first.getByRole('link').click();
  await expect(page.getByTestId('loan-accruals')).toContainText('2026-03-15');
  await expect(page.getByTestId('loan-accruals')).toContainText('罚息');
});

test('ops read the overdue page without accruing', async ({ page }) => {
  await login(page, 'ops');
  await page.goto('/overdue');
  await expect(page.getByTestId('accrual-runs')).toContainText('2026-03-15');
  await expect(page.getByRole('button', { name: '补跑计提' })).toHaveCount(0);
});

test('finance settles a loan early from its page, paid offline', async ({ page }) => {
  // A loan of its own (no card, so no window debits it): nothing in flight.
  const created = await api('POST', '/api/v1/loans', {
    orderNo: 'E2E-SETTLE-1',
    businessLine: 'consumer',
    funderCode: 'F-TRUST-01',
    productCode: 'CONSUMER-STD',
    principal: '12000.00',
    annualRate: '0.12',
    termMonths: 12,
    repaymentMethod: 'equal_installment',
    startDate: '2026-02-10',
    borrower: { name: '张三', idNo: '110101199003071233', mobile: '13800138000' },
  });
  expect(created.status).toBe(201);
  await login(page, 'finance');
  await page.goto('/loans/E2E-SETTLE-1');
  await page.getByRole('button', { name: '提前结清' }).click();
  const modal = page.getByRole('dialog', { name: '提前结清' });
  await modal
    .getByRole('button', { name: '试 算' })
    .or(modal.getByRole('button', { name: '试算' }))
    .click();
  const quote = modal.getByTestId('settlement-quote');
  await expect(quote).toContainText('结清金额');
  await expect(quote).toContainText('¥12,');
  await modal.getByRole('button', { name: '线下收款结清' }).click();
  await expect(modal.locator('.ant-form-item-explain-error').first()).toBeVisible();
  await modal.getByLabel('银行流水号').fill('BANK-E2E-1');
  await modal.getByRole('button', { name: '线下收款结清' }).click();
  await expect(modal).toBeHidden();
  await expect(page.getByText('已结清').first()).toBeVisible();
  const loan = await api('GET', '/api/v1/loans/E2E-SETTLE-1');
  expect(loan.body.status).toBe('settled');
});
