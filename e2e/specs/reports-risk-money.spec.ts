import { expect, test, type Locator, type Page } from '@playwright/test';
import { login } from '../fixtures/auth';

// The stack's clock is 2026-03-15 10:00: the demo loans (some overdue) are read live on the
// risk dashboard, and the 10:00 window's collections on the money dashboard.
const TODAY = '2026-03-15';

/** A chart's canvas once echarts has drawn it. */
async function drawn(page: Page, label: string) {
  const chart = page.getByRole('img', { name: label });
  await expect(chart.locator('canvas')).toBeVisible();
  return chart;
}

/** A statistic's value ("¥1,234.56") as yuan. */
async function yuanOf(figures: Locator, title: RegExp): Promise<number> {
  const text = await figures.locator('.ant-statistic').filter({ hasText: title }).innerText();
  const match = /¥([\d,]+\.\d{2})/.exec(text);
  return Number((match?.[1] ?? 'NaN').replace(/,/g, ''));
}

/**
 * Click the only category's bar of a chart (one date shown), just above its axis: the bottom
 * of the bar (or of its stack). The grid's margins are the chart options' (left 64, bottom 56).
 */
async function clickOnlyBar(page: Page, chart: Locator, margins = { left: 64, right: 48 }) {
  await chart.scrollIntoViewIfNeeded();
  const box = (await chart.boundingBox())!;
  const x = box.x + margins.left + (box.width - margins.left - margins.right) / 2;
  const y = box.y + box.height - 56 - 4;
  await page.mouse.click(x, y);
}

test('risk: today’s book (as the hourly job took it), narrowed to a business line, a click opens the overdue loans', async ({
  page,
}) => {
  await login(page, 'finance');
  await page.getByRole('menuitem', { name: '报表' }).click();
  await page.getByRole('link', { name: '风险', exact: true }).click();
  await expect(page).toHaveURL(/\/reports\/risk$/);
  await expect(page.getByRole('heading', { name: '风险报表' })).toBeVisible();
  // Today is the book the report job took at start, stamped by the business clock.
  await expect(page.getByText(`${TODAY} 为今日数据，截至 10:00（每小时更新）`)).toBeVisible();

  await page.goto(`/reports/risk?from=${TODAY}&to=${TODAY}`);
  const figures = page.getByTestId('risk-figures');
  await expect(figures).toContainText('¥');
  const all = await yuanOf(figures, /在贷本金/);
  const overdue = await yuanOf(figures, /逾期本金/);
  expect(all).toBeGreaterThan(0);
  expect(overdue).toBeGreaterThan(0);
  for (const label of ['逾期走势', '账龄分布（在贷本金，堆叠）']) await drawn(page, label);

  // A filter narrows the book (and stays in the address).
  await page.getByRole('combobox', { name: '业务线' }).click();
  await page.getByTitle('消费分期').click();
  await page.getByRole('button', { name: /查\s*询/ }).click();
  await expect(page).toHaveURL(/businessLine=consumer/);
  await expect.poll(() => yuanOf(figures, /在贷本金/)).toBeLessThan(all);
  expect(await yuanOf(figures, /在贷本金/)).toBeGreaterThan(0);

  // The day's overdue principal bar opens the overdue loans of that scope.
  const trend = await drawn(page, '逾期走势');
  await clickOnlyBar(page, trend);
  await expect(page).toHaveURL(/\/loans\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get('delinquency')).toBe('overdue');
  expect(url.searchParams.get('businessLine')).toBe('consumer');
});

test('money: per funder today, narrowed to one funder, a day’s bar opens its debit successes', async ({
  page,
}) => {
  await login(page, 'finance');
  await page.getByRole('menuitem', { name: '报表' }).click();
  await page.getByRole('link', { name: '资金', exact: true }).click();
  await expect(page).toHaveURL(/\/reports\/money$/);
  await expect(page.getByRole('heading', { name: '资金报表' })).toBeVisible();

  await page.goto(`/reports/money?from=${TODAY}&to=${TODAY}`);
  const figures = page.getByTestId('money-figures');
  await expect(figures).toContainText('¥');
  const collected = await yuanOf(figures, /回款合计/);
  expect(collected).toBeGreaterThan(0);
  await drawn(page, '每日回款（按资金方，点击查看扣款订单）');
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  const funders = await rows.count();
  expect(funders).toBeGreaterThan(1);

  // One funder that collected today: its row alone, and less collected than all of them.
  let funder = '';
  for (let i = 0; i < funders && !funder; i++) {
    const cells = rows.nth(i).locator('td');
    if (Number((await cells.nth(1).innerText()).replace(/[¥,]/g, '')) > 0)
      funder = (await cells.nth(0).innerText()).trim();
  }
  expect(funder).not.toBe('');
  await page.getByRole('combobox', { name: '资金方' }).click();
  await page.getByTitle(new RegExp(funder)).click();
  await page.getByRole('button', { name: /查\s*询/ }).click();
  await expect(page).toHaveURL(new RegExp(`funderCode=${funder}`));
  await expect(rows).toHaveCount(1);
  const one = await yuanOf(figures, /回款合计/);
  expect(one).toBeGreaterThan(0);
  expect(one).toBeLessThan(collected);

  // Its bar of the day opens the debit orders list: that funder's successes of the day.
  const chart = await drawn(page, '每日回款（按资金方，点击查看扣款订单）');
  await clickOnlyBar(page, chart, { left: 64, right: 24 });
  await expect(page).toHaveURL(/\/debits\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get('funderCode')).toBe(funder);
  expect(url.searchParams.get('outcome')).toBe('success');
  expect(url.searchParams.get('dateFrom')).toBe(TODAY);
  await expect(page.locator('.ant-table-tbody tr.ant-table-row').first()).toBeVisible();
});
