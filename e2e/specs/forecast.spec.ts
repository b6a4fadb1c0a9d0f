import { expect, test } from '@playwright/test';
import { api } from '../fixtures/api';
import { login } from '../fixtures/auth';

// The stack's clock is 2026-03-15 10:00 under the seeded rules: consumer loans are debited at
// 10:00, 14:00 and 18:00 every day, up to 30 days overdue.

test('finance reads the forecast: the windows of the next 7 days charted, published and with gray', async ({
  page,
}) => {
  await login(page, 'finance');
  await page.getByRole('menuitem', { name: '报表' }).click();
  await page.getByRole('link', { name: '预测' }).click();
  await expect(page).toHaveURL(/\/reports\/forecast$/);
  await expect(page.getByRole('heading', { name: '扣款与计提预测' })).toBeVisible();
  const chart = page.getByRole('img', { name: '各扣款时段应扣（按业务日期）' });
  await expect(chart.locator('canvas')).toBeVisible();
  await expect(page.getByRole('img', { name: '每日预计计提' }).locator('canvas')).toBeVisible();
  // The demo book owes something in the coming windows, and accrues on its overdue loans.
  const asked = page.getByTestId('forecast-asked');
  await expect(asked).toContainText('¥');
  await expect(asked).not.toContainText('预计应扣¥0.00');
  await expect(page.getByTestId('forecast-accrual')).toContainText('¥');
  const table = page.getByTestId('forecast-table');
  await expect(table).toContainText('2026-03-15');
  await expect(table).toContainText('2026-03-21');

  await page.locator('.ant-segmented-item').filter({ hasText: '含灰度' }).click();
  await expect(page).toHaveURL(/side=withGray/);
  await page.getByRole('combobox', { name: '业务线' }).click();
  await page.getByTitle('消费分期').click();
  await page.getByRole('button', { name: /查\s*询/ }).click();
  await expect(page).toHaveURL(/businessLine=consumer/);
  await expect(page).toHaveURL(/side=withGray/);
  await expect(chart.locator('canvas')).toBeVisible();
});

test('the loan page says why an installment is left out of today’s windows', async ({ page }) => {
  // Periods due 02-01 (42 days overdue: beyond the rule's 30) and 03-01 (14 days overdue).
  const orderNo = `E2E-ELIG-${Date.now()}`;
  const created = await api('POST', '/api/v1/loans', {
    orderNo,
    businessLine: 'consumer',
    funderCode: 'F-TRUST-01',
    productCode: 'CONSUMER-STD',
    principal: '12000.00',
    annualRate: '0.12',
    termMonths: 12,
    repaymentMethod: 'equal_principal',
    startDate: '2026-01-01',
    firstDueDate: '2026-02-01',
    borrower: { name: '王五', idNo: '110101199003071233', mobile: '13800138000' },
  });
  expect(created.status).toBe(201);
  const started = await api('POST', '/api/v1/cards/bind', {
    orderNo,
    cardNo: '6222020200112430000',
    bankCode: 'ICBC',
    mobile: '13800138000',
  });
  expect([200, 201]).toContain(started.status);
  const bound = await api('POST', `/api/v1/cards/bind/${String(started.body.bindingId)}/confirm`, {
    smsCode: '123456',
  });
  expect(bound.status).toBe(200);

  await login(page, 'ops');
  await page.goto(`/loans/${orderNo}`);
  const card = page.getByTestId('loan-eligibility');
  await expect(card).toContainText('扣款资格（2026-03-15）');
  const first = card.getByRole('row').filter({ hasText: '2026-02-01' });
  await expect(first).toContainText('不扣');
  await expect(first).toContainText('逾期 42 天，超过规则上限 30 天');
  const second = card.getByRole('row').filter({ hasText: '2026-03-01' });
  await expect(second).toContainText('可扣：¥1,110.00');
  await expect(card.getByRole('row').filter({ hasText: '2026-04-01' })).toContainText(
    '未到期（到期日 2026-04-01）',
  );
});
