import { expect, test, type Locator, type Page } from '@playwright/test';
import { login } from '../fixtures/auth';

// The stack's clock is 2026-03-15 10:00: the scheduler ran the 10:00 window on the demo loans,
// so today's collections are live on the dashboard.
const TODAY = '2026-03-15';

/** A figure card's note ("应扣笔数 12"), as a number. */
async function noteCount(card: Locator): Promise<number> {
  const text = await card.innerText();
  const match = /应扣笔数\s*([\d,]+)|成功笔数\s*([\d,]+)/.exec(text);
  return Number((match?.[1] ?? match?.[2] ?? 'NaN').replace(/,/g, ''));
}

/** A chart's canvas once echarts has drawn it. */
async function drawn(page: Page, label: string) {
  const chart = page.getByRole('img', { name: label });
  await expect(chart.locator('canvas')).toBeVisible();
  return chart;
}

test('finance reads today’s collections live, narrows them to a channel, and opens its successes', async ({
  page,
}) => {
  await login(page, 'finance');
  await page.getByRole('menuitem', { name: '报表' }).click();
  await page.getByRole('link', { name: '代扣回款' }).click();
  await expect(page).toHaveURL(/\/reports$/);
  await expect(page.getByRole('heading', { name: '代扣回款报表' })).toBeVisible();
  // The engine's last 30 days, today live.
  await expect(page.getByText(`${TODAY} 为今日实时数据`)).toBeVisible();
  await expect(page.getByLabel('业务日期').first()).toHaveValue('2026-02-14');

  await page.goto(`/reports?from=${TODAY}&to=${TODAY}`);
  const asked = page.getByTestId('figure-asked');
  await expect(asked).toContainText('¥');
  const all = await noteCount(asked);
  expect(all).toBeGreaterThan(0);
  for (const label of ['每日应扣与实扣', '按扣款时段', '首扣与重试', '成功率对比', '结果分布'])
    await drawn(page, label);

  // A filter changes the figures (and stays in the address): the window sent some of the
  // day's debits to sandbox-a, the others elsewhere.
  await page.getByRole('combobox', { name: '通道' }).click();
  await page.getByTitle(/sandbox-a/).click();
  await page.getByRole('button', { name: /查\s*询/ }).click();
  await expect(page).toHaveURL(/channel=sandbox-a/);
  await expect.poll(() => noteCount(asked)).toBeLessThan(all);
  expect(await noteCount(asked)).toBeGreaterThan(0);
  const successes = await noteCount(page.getByTestId('figure-collected'));
  expect(successes).toBeGreaterThan(0);

  // A click on the outcomes ring's first slice (成功, drawn clockwise from 12 o'clock) opens
  // those orders: the channel's successes of the day.
  const ring = await drawn(page, '结果分布');
  await ring.scrollIntoViewIfNeeded();
  const box = (await ring.boundingBox())!;
  const radius = (Math.min(box.width, box.height) / 2) * 0.5;
  await page.mouse.click(
    box.x + box.width * 0.5 + radius * Math.sin(Math.PI / 9),
    box.y + box.height * 0.44 - radius * Math.cos(Math.PI / 9),
  );
  await expect(page).toHaveURL(/\/debits\?tab=orders/);
  const url = new URL(page.url());
  expect(Object.fromEntries(url.searchParams)).toEqual({
    tab: 'orders',
    dateFrom: TODAY,
    dateTo: TODAY,
    channel: 'sandbox-a',
    outcome: 'success',
  });
  await expect(page.getByRole('tab', { name: '扣款订单', selected: true })).toBeVisible();
  const rows = page.locator('.ant-table-row');
  await expect(rows.first()).toBeVisible();
  const shown = await rows.count();
  expect(shown).toBe(Math.min(successes, 20));
  for (let i = 0; i < shown; i++) {
    await expect(rows.nth(i)).toContainText('成功');
    await expect(rows.nth(i)).toContainText('sandbox-a');
    await expect(rows.nth(i)).toContainText(TODAY);
  }
  // The list's form shows the filters it was opened with.
  await expect(page.getByLabel('日期范围').first()).toHaveValue(TODAY);
});

test('the channels report: each channel’s figures and its daily charts', async ({ page }) => {
  await login(page, 'ops');
  await page.goto(`/reports/channels?from=${TODAY}&to=${TODAY}`);
  await expect(page.getByRole('heading', { name: '通道分析报表' })).toBeVisible();
  // Each channel that answered today, with its rate, latency, volume and fees.
  await expect(
    page.getByRole('row', { name: /^sandbox-a \d+\.\d% .* ¥[\d,.]+ ¥[\d,.]+$/ }),
  ).toBeVisible();
  for (const label of ['成功率走势（通道口径）', '平均耗时走势（毫秒）', '扣款金额与费用'])
    await drawn(page, label);
  await expect(page.getByRole('heading', { name: '熔断记录' })).toBeVisible();
});

test('an auditor reads the reports', async ({ page }) => {
  await login(page, 'auditor');
  await page.goto('/reports');
  await expect(page.getByRole('heading', { name: '代扣回款报表' })).toBeVisible();
  await expect(page.getByTestId('figure-collected')).toContainText('¥');
});
