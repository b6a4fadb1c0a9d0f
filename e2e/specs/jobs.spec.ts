import { expect, test } from '@playwright/test';
import { login } from '../fixtures/auth';

test('finance starts the statements look-back with a parameter: it shows its progress and ends with its counts', async ({
  page,
}) => {
  await login(page, 'finance');
  await page.goto('/jobs');
  const jobs = page.getByTestId('jobs');
  const statements = jobs.getByRole('row', { name: /对账单拉取与对账/ });
  await expect(statements).toContainText('30 9 * * *');
  // The windows are ops' work: finance has no button there.
  await expect(
    jobs.getByRole('row', { name: /扣款时段/ }).getByRole('button', { name: '立即运行' }),
  ).toHaveCount(0);

  await statements.getByRole('button', { name: '立即运行' }).click();
  const modal = page.getByRole('dialog', { name: '运行：对账单拉取与对账' });
  // The form is the job's parameters: a number of days, 1 to 31.
  await modal.getByLabel('回溯天数').fill('31');
  await modal.getByRole('button', { name: '立即运行' }).click();
  await expect(modal).toBeHidden();

  // Its runs open on the new one: running with its progress, then done with its counts.
  const drawer = page.getByRole('dialog', { name: /对账单拉取与对账 · 运行记录/ });
  const run = drawer.getByTestId('job-runs').locator('.ant-table-row').first();
  await expect(run).toContainText('手动');
  await expect(run).toContainText('finance');
  await expect(run).toContainText('{"days":31}');
  await expect(run.getByTestId('run-progress')).toBeVisible();
  await expect(run).toContainText('成功', { timeout: 120_000 });
  await expect(run).toContainText(/已对账单 \d+/);
  await page.keyboard.press('Escape');
  await expect(statements).toContainText(/已对账单 \d+/);
});

test('an auditor reads the jobs and their runs without starting one', async ({ page }) => {
  await login(page, 'auditor');
  await page.goto('/jobs');
  const accrual = page.getByTestId('jobs').getByRole('row', { name: /逾期计提/ });
  // The accrual ran at start for the stack's date.
  await expect(accrual).toContainText('成功');
  await expect(page.getByRole('button', { name: '立即运行' })).toHaveCount(0);
  await accrual.getByRole('button', { name: '运行记录' }).click();
  const drawer = page.getByRole('dialog', { name: /逾期计提 · 运行记录/ });
  await expect(drawer.getByTestId('job-runs')).toContainText('定时');
  await expect(drawer.getByRole('button', { name: '重试' })).toHaveCount(0);
});
