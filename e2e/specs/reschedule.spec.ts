import { expect, test } from '@playwright/test';
import { api } from '../fixtures/api';
import { login } from '../fixtures/auth';

test('ops reschedule a loan to a longer term; the earlier plan version stays readable', async ({
  page,
}) => {
  // A loan of its own (no card, so no window debits it): nothing in flight. With the stack's
  // date 2026-03-15 its first period (due 2026-03-10) is already due and stays.
  const orderNo = `E2E-RESCHED-${Date.now()}`;
  const termMonths = 12;
  const created = await api('POST', '/api/v1/loans', {
    orderNo,
    businessLine: 'consumer',
    funderCode: 'F-TRUST-01',
    productCode: 'CONSUMER-STD',
    principal: '12000.00',
    annualRate: '0.12',
    termMonths,
    repaymentMethod: 'equal_installment',
    startDate: '2026-02-10',
    borrower: { name: '李四', idNo: '110101199003071233', mobile: '13800138000' },
  });
  expect(created.status).toBe(201);

  await login(page, 'ops');
  await page.goto(`/loans/${orderNo}`);
  const plan = page.getByTestId('loan-plan');
  // Installment rows are the ones with a due date (not the header nor the totals).
  const installments = plan
    .getByRole('table', { name: '还款计划', exact: true })
    .getByRole('row')
    .filter({ hasText: /\d{4}-\d{2}-\d{2}/ });
  const versionSelect = page.getByTestId('plan-version-select');
  await expect(installments).toHaveCount(termMonths);
  await expect(versionSelect).toContainText('v1（当前）');

  await page.getByRole('button', { name: '重新安排' }).click();
  const modal = page.getByRole('dialog', { name: '重新安排' });
  await expect(modal.getByLabel('延长/缩短期限')).toBeChecked();
  await modal.getByLabel('原因').fill('客户申请延长期限');
  // Not more than the period already due: the engine refuses it on the field.
  await modal.getByLabel('新的总期数').fill('1');
  await modal.getByRole('button', { name: /确\s*定/ }).click();
  await expect(
    modal.locator('.ant-form-item-explain-error', { hasText: 'already due' }),
  ).toBeVisible();

  await modal.getByLabel('新的总期数').fill(String(termMonths + 6));
  await modal.getByRole('button', { name: /确\s*定/ }).click();
  await expect(modal).toBeHidden();
  await expect(page.getByText('已生成还款计划 v2')).toBeVisible();
  await expect(versionSelect).toContainText('v2（当前）');
  await expect(installments).toHaveCount(termMonths + 6);

  // The history names the change; v1 can still be picked and shows the original plan.
  await plan.getByRole('button', { name: /还款计划版本/ }).click();
  const versions = plan.getByRole('table', { name: '还款计划版本记录' });
  await expect(versions.getByRole('row', { name: /v2/ })).toContainText('期限改为 18 期');
  await expect(versions.getByRole('row', { name: /v2/ })).toContainText('客户申请延长期限');

  // A click that lands while the dropdown is still opening is lost (seen once in CI): open and
  // pick again until the choice shows. The option, not the select: once v1 is chosen the
  // select carries the same title.
  await expect(async () => {
    await page.getByLabel('计划版本', { exact: true }).click();
    await page.locator('.ant-select-item-option[title="v1"]').click({ timeout: 2_000 });
    await expect(versionSelect).toContainText('v1', { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(plan.getByText('历史版本，仅供查看')).toBeVisible();
  await expect(installments).toHaveCount(termMonths);
});
