import { expect, test, type Page } from '@playwright/test';
import { api } from '../fixtures/api';
import { login } from '../fixtures/auth';

const DAY = '2026-03-15';

interface Position {
  channelCode: string;
  balance: string;
}

/** A query procedure through the console's own /trpc, with the page's session. */
async function query<T>(page: Page, path: string, input?: unknown): Promise<T> {
  const q = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const res = await page.request.get(`/trpc/${path}${q}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { result: { data: T } }).result.data;
}

const balanceOf = async (page: Page, code: string) =>
  Number(
    (await query<{ accounts: Position[] }>(page, 'payouts.positions')).accounts.find(
      (a) => a.channelCode === code,
    )!.balance,
  );

test('finance tops up a position, sends an upstream payout, reads its history and makes the day’s remittances', async ({
  page,
}) => {
  const created = await api('POST', '/api/v1/payouts', {
    payoutNo: 'E2E-P1',
    funderCode: 'F-TRUST-01',
    purpose: 'disbursement',
    amount: '1234.56',
    payee: { name: '王五', accountNo: '6222021111230000', bankCode: 'ICBC' },
  });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ payoutNo: 'E2E-P1', amount: '1234.56' });

  await login(page, 'finance');
  await page.goto('/payouts/positions');
  // The account's own card (the page's card holds them all).
  const card = page
    .locator('.ant-card .ant-card')
    .filter({ has: page.locator('code', { hasText: /^sandbox-a$/ }) });
  await expect(card).toContainText('可用');
  const before = await balanceOf(page, 'sandbox-a');
  await card.getByRole('button', { name: /充\s*值/ }).click();
  const modal = page.getByRole('dialog');
  await modal.getByLabel('金额').fill('5000.00');
  await modal.getByLabel('原因').fill('端到端测试充值');
  await modal.getByRole('button', { name: /确\s*定/ }).click();
  await expect(modal).toBeHidden();
  await expect.poll(() => balanceOf(page, 'sandbox-a')).toBe(before + 5000);
  // The movement is listed with its reason.
  await expect(page.getByText('端到端测试充值').first()).toBeVisible();

  await page.goto('/payouts');
  await page.getByRole('button', { name: '立即发送' }).click();
  await page.getByLabel('代付单号').fill('E2E-P1');
  await page.getByRole('button', { name: /查\s*询/ }).click();
  const row = page.getByRole('row').filter({ hasText: 'E2E-P1' });
  await expect(async () => {
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await expect(row).toContainText('成功', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(row).toContainText('¥1,234.56');
  await row.click();
  const drawer = page.getByRole('dialog').filter({ hasText: '代付 E2E-P1' });
  await expect(drawer).toContainText('状态历史');
  await expect(drawer).toContainText('已提交');
  // The payee is masked, never in clear.
  await expect(drawer).toContainText('622202******0000');
  await expect(drawer).not.toContainText('6222021111230000');
  await page.keyboard.press('Escape');

  await page.goto('/payouts/batches');
  await page.getByRole('button', { name: '生成划付' }).click();
  const remit = page.getByRole('dialog');
  await remit.getByLabel('业务日期').click();
  await remit.getByLabel('业务日期').fill(DAY);
  await remit.getByLabel('业务日期').press('Enter');
  await remit.getByRole('button', { name: /确\s*定/ }).click();
  await expect(remit).toBeHidden();
  for (const funder of ['F-TRUST-01', 'F-BANK-02', 'F-SELF-03'])
    await expect(page.getByRole('row').filter({ hasText: funder }).first()).toContainText(DAY);
});

test('an auditor reads payouts and positions but has none of finance’s buttons', async ({
  page,
}) => {
  await login(page, 'auditor');
  await page.goto('/payouts');
  await expect(page.getByRole('heading', { name: '代付订单' }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: '立即发送' })).toHaveCount(0);
  await page.goto('/payouts/positions');
  await expect(page.locator('.ant-card-head code', { hasText: /^sandbox-a$/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /充\s*值/ })).toHaveCount(0);
});
