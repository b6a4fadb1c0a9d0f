import { createHmac } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { login } from '../fixtures/auth';
import { enginePort } from '../playwright.config';

/** A success notification as the sandbox instance `code` signs it (its own merchant and key). */
async function notifyAs(code: 'a' | 'b', orderId: string) {
  const body = JSON.stringify({
    orderId,
    status: 'success',
    code: '0000',
    msg: '交易成功',
    amount: 100,
    fee: 30,
    channelSerial: 'E2E-FORGED-1',
  });
  const ts = String(Math.floor(Date.now() / 1000));
  const res = await fetch(
    `http://127.0.0.1:${enginePort}/callbacks/channels/sandbox-${code}/notify`,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-sandbox-merchant': `M-REPAY-${code.toUpperCase()}`,
        'x-sandbox-timestamp': ts,
        'x-sandbox-signature': createHmac('sha256', `sandbox-secret-${code}`)
          .update(`${ts}.${body}`)
          .digest('hex'),
      },
      body,
    },
  );
  expect(res.status).toBe(200);
}

test('another channel’s success for an order is listed with its evidence; finance marks it handled', async ({
  page,
}) => {
  await login(page, 'ops');
  // An order the scheduler's window sent: its key, loan and channel from its story.
  await page.goto('/debits');
  await page.getByRole('tab', { name: '扣款订单' }).click();
  const first = page.locator('.ant-table-row').first();
  const orderNo = (await first.locator('td').first().innerText()).trim();
  const channel = (await first.locator('td').nth(5).innerText()).trim();
  await first.click();
  const drawer = page.getByRole('dialog', { name: /扣款订单 W20260315/ });
  const title = (await drawer.locator('.ant-drawer-title').innerText()).trim();
  const orderKey = title.replace('扣款订单', '').trim();
  await page.keyboard.press('Escape');
  await notifyAs(channel === 'sandbox-a' ? 'b' : 'a', orderKey);

  await page.goto('/anomalies');
  const row = page.getByRole('row', { name: new RegExp(orderKey) });
  await expect(row).toContainText('非本通道回复');
  await expect(row).toContainText(orderNo);
  await expect(row).toContainText('待处理');
  await row.click();
  const detail = page.getByRole('dialog', { name: /异常 #\d+/ });
  await expect(detail).toContainText('异步通知');
  await expect(detail).toContainText('E2E-FORGED-1');
  await expect(detail).toContainText(/\*{6}\d{4}/);
  // Ops read; finance handles.
  await expect(detail.getByRole('button', { name: '标记已处理' })).toHaveCount(0);
  await page.keyboard.press('Escape');

  await page.goto(`/loans/${orderNo}?tab=anomalies`);
  await expect(page.getByTestId('loan-anomalies')).toContainText('非本通道回复');

  await page.context().clearCookies();
  await login(page, 'finance');
  await page.goto('/anomalies');
  await page.getByRole('row', { name: new RegExp(orderKey) }).click();
  const drawer2 = page.getByRole('dialog', { name: /异常 #\d+/ });
  await drawer2.getByRole('button', { name: '标记已处理' }).click();
  await expect(drawer2).toContainText('请填写处理说明');
  await drawer2.getByLabel(/处理说明/).fill('已核实为伪造通知，无资金变动');
  await drawer2.getByRole('button', { name: '标记已处理' }).click();
  await expect(drawer2).toContainText('已处理');
  await expect(drawer2).toContainText('已核实为伪造通知，无资金变动');
  await page.keyboard.press('Escape');
  // The list opens on what still needs someone: the handled one is gone from it.
  await page.reload();
  await expect(page.getByRole('row', { name: new RegExp(orderKey) })).toHaveCount(0);
});
