// Moves the stack's business date for good: its project runs after every other spec.
import { expect, test } from '@playwright/test';
import { login } from '../fixtures/auth';

test('ops see the business date and cannot move it', async ({ page }) => {
  await login(page, 'ops');
  await page.goto('/jobs');
  await expect(page.getByTestId('business-date')).toHaveText('业务日期 2026-03-15');
  await expect(page.getByTestId('business-clock')).toContainText('2026-03-15');
  await expect(page.getByRole('button', { name: '前进一天' })).toHaveCount(0);
});

test('admin moves the business date a day: the skipped day’s cycle runs in order, and the date stays', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await login(page, 'admin');
  await page.goto('/jobs');
  await expect(page.getByTestId('business-date')).toHaveText('业务日期 2026-03-15');
  const clock = page.getByTestId('business-clock');
  await clock.getByRole('button', { name: '前进一天' }).click();
  await expect(clock.getByText(/正在推进/)).toBeVisible();
  await expect(clock.getByTestId('run-progress')).toBeVisible();
  await expect(clock).toContainText(/已推进到 2026-03-16（\d+ 次任务运行）/, { timeout: 240_000 });
  await expect(page.getByTestId('business-date')).toHaveText('业务日期 2026-03-16');

  // Each job of the day ran as a run of the move: the new day's accrual among them.
  const accrual = page.getByTestId('jobs').getByRole('row', { name: /逾期计提/ });
  await accrual.getByRole('button', { name: '运行记录' }).click();
  const drawer = page.getByRole('dialog', { name: /逾期计提 · 运行记录/ });
  const latest = drawer.getByTestId('job-runs').locator('.ant-table-row').first();
  await expect(latest).toContainText('业务时钟');
  await expect(latest).toContainText('2026-03-16');
  await expect(latest).toContainText('成功');
  await page.keyboard.press('Escape');
  const windows = page.getByTestId('jobs').getByRole('row', { name: /扣款时段/ });
  await windows.getByRole('button', { name: '运行记录' }).click();
  await expect(
    page
      .getByRole('dialog', { name: /扣款时段 · 运行记录/ })
      .getByTestId('job-runs')
      .getByRole('row', { name: /业务时钟.*2026-03-16|2026-03-16.*业务时钟/ })
      .first(),
  ).toBeVisible();
  await page.keyboard.press('Escape');

  // The overdue page has the new day's accrual; a reload keeps the date (it is stored).
  await page.goto('/overdue');
  await expect(
    page.getByTestId('accrual-runs').getByRole('row', { name: /2026-03-16/ }),
  ).toContainText('已完成');
  await page.reload();
  await expect(page.getByTestId('business-date')).toHaveText('业务日期 2026-03-16');
});
