import { expect, test, type Page } from '@playwright/test';
import { login } from '../fixtures/auth';
import { expectEmptyFormRefused } from '../fixtures/modal';

const DAY = '2026-03-15';
/** An order the channel took money for that we never made: an overage (长款). */
const UNKNOWN_ORDER = 'W202603151000-990001';

interface Order {
  orderKey: string;
  amount: string;
  status: string;
  channel: string | null;
}

/** A query procedure through the console's own /trpc, with the page's session. */
async function query<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.request.get(
    `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`,
  );
  expect(res.status()).toBe(200);
  return ((await res.json()) as { result: { data: T } }).result.data;
}

const fenOf = (yuan: string) => {
  const [whole, cents = ''] = yuan.split('.');
  return `${whole}${cents.padEnd(2, '0')}`.replace(/^0+(?=\d)/, '');
};

/**
 * A channel's statement of the day in the sandbox's layout: our successes but one (a shortage,
 * 短款), and a success for an order we never made (an overage); no fees, a summary that agrees.
 */
function statement(channel: string, orders: Order[]) {
  const lines = [
    ...orders.slice(1).map((o) => ({ id: o.orderKey, fen: fenOf(o.amount) })),
    { id: UNKNOWN_ORDER, fen: '8888' },
  ];
  const total = lines.reduce((sum, l) => sum + BigInt(l.fen), 0n);
  return Buffer.from(
    [
      `# channel=${channel},date=${DAY},rows=${lines.length}`,
      'merchant_order_id,channel_serial,type,amount_fen,fee_fen,status,finished_at',
      ...lines.map((l, i) => `${l.id},E2E-${i},debit,${l.fen},,success,${DAY}T02:30:00.000Z`),
      `# summary,count=${lines.length},success_count=${lines.length},success_amount_fen=${total},fee_fen=0`,
      '',
    ].join('\n'),
  );
}

async function upload(page: Page, channel: string, file: Buffer) {
  await page.getByRole('button', { name: '上传对账单' }).click();
  const modal = page.getByRole('dialog', { name: '上传对账单' });
  await expectEmptyFormRefused(modal, '请选择通道');
  // Typed into the select's search, the one option left taken with Enter.
  await modal.getByLabel('通道').fill(channel);
  await modal.getByLabel('通道').press('Enter');
  await expect(modal).toContainText(`(${channel})`);
  await modal.getByLabel('业务日期').click();
  await modal.getByLabel('业务日期').fill(DAY);
  await modal.getByLabel('业务日期').press('Enter');
  await modal
    .locator('input[type="file"]')
    .setInputFiles({ name: `${channel}-${DAY}.csv`, mimeType: 'text/csv', buffer: file });
  await expect(modal.getByTestId('picked-file')).toContainText(`${channel}-${DAY}.csv`);
  await modal.getByRole('button', { name: /确\s*定/ }).click();
  await expect(modal).toBeHidden();
}

test('finance uploads a statement, reconciles the day, sees the outcomes and resolves a case', async ({
  page,
}) => {
  await login(page, 'finance');
  // The scheduler's 10:00 window sent the demo loans' debits: the channel with the most
  // successes, once every order has its answer.
  let channel = '';
  let orders: Order[] = [];
  await expect(async () => {
    const found = await query<{ items: Order[] }>(page, 'debits.orders', {
      businessDate: DAY,
      limit: 200,
    });
    expect(found.items.some((o) => o.status === 'submitted' || o.status === 'created')).toBe(false);
    const byChannel = new Map<string, Order[]>();
    for (const o of found.items)
      if (o.status === 'succeeded' && o.channel)
        byChannel.set(o.channel, [...(byChannel.get(o.channel) ?? []), o]);
    [channel, orders] = [...byChannel].sort((a, b) => b[1].length - a[1].length)[0] ?? ['', []];
    expect(orders.length).toBeGreaterThan(1);
  }).toPass({ timeout: 30_000 });
  const file = statement(channel, orders);

  await page.goto('/recon');
  await expect(page.getByRole('menuitem', { name: '对账总览' })).toBeVisible();
  await upload(page, channel, file);
  const notice = page.getByTestId('recon-notice');
  await expect(notice).toContainText(`${orders.length} 行`);
  await expect(notice).toContainText(/已导入 imp_\d+/);
  // The channel's day (the daily job may have fetched other days' files by then).
  const dayRow = (p: Page) =>
    p
      .getByTestId('recon-days')
      .getByRole('row')
      .filter({ hasText: DAY })
      .filter({ hasText: channel });
  const row = dayRow(page);
  await expect(row).toContainText(DAY);
  await expect(row).toContainText('已导入');
  await expect(row).toContainText('sandbox@0');
  await expect(row).toContainText('未对账');

  // The same bytes again: a duplicate, nothing changes.
  await upload(page, channel, file);
  await expect(notice).toContainText('该文件已导入过');

  await row.getByRole('button', { name: /^对\s*账$/ }).click();
  await page
    .locator('.ant-popconfirm')
    .getByRole('button', { name: /确\s*定/ })
    .click();
  await expect(notice).toContainText('第 1 次对账完成，新增差错 2 条');
  await expect(notice).toContainText(`已匹配 ${orders.length - 1}`);
  await expect(notice).toContainText('长款 1');
  await expect(notice).toContainText('短款 1');
  await expect(row).toContainText('有差错');
  await expect(row.getByTestId('outcomes')).toContainText('长款 1');
  await expect(page.getByRole('img', { name: '每日对账结果' })).toBeVisible();
  await page.screenshot({ path: '/tmp/recon-overview.png', fullPage: true });

  // The day's open cases, from the overview.
  await row.getByRole('link', { name: '2' }).click();
  await expect(page).toHaveURL(`/recon/cases?channel=${channel}&date=${DAY}`);
  const cases = page.getByTestId('recon-cases');
  await expect(cases.getByRole('row', { name: new RegExp(orders[0]!.orderKey) })).toContainText(
    '短款',
  );
  const overage = cases.getByRole('row', { name: new RegExp(UNKNOWN_ORDER) });
  await expect(overage).toContainText('长款');
  await expect(overage).toContainText('¥88.88');
  await overage.click();
  const drawer = page.getByRole('dialog', { name: /差错 rcc_\d+/ });
  await expect(drawer).toContainText('通道扣到了钱，但该通道下没有我方这笔订单');
  await expect(drawer.getByTestId('case-history')).toContainText('发现差异');

  await drawer.getByRole('button', { name: /^认\s*领$/ }).click();
  const take = page.getByRole('dialog', { name: /认领差错 rcc_\d+/ });
  await take.getByLabel('处理说明').fill('核对通道回单');
  await take.getByRole('button', { name: /确\s*定/ }).click();
  await expect(take).toBeHidden();
  await expect(drawer).toContainText('处理中');

  await drawer.getByRole('button', { name: /^退\s*款$/ }).click();
  const refund = page.getByRole('dialog', { name: /退款（差额 ¥88\.88）/ });
  await expectEmptyFormRefused(refund, '请输入处理说明');
  await refund.getByLabel('处理说明').fill('付款人非我方借款人，原路退回');
  await refund.getByRole('button', { name: /确\s*定/ }).click();
  await expect(refund).toBeHidden();
  await expect(drawer).toContainText('已处理');
  await expect(drawer.getByTestId('case-history')).toContainText('付款人非我方借款人，原路退回');
  await expect(drawer.getByTestId('case-actions')).toHaveCount(0);
  await page.screenshot({ path: '/tmp/recon-case.png' });
  await page.keyboard.press('Escape');
  await expect(overage).toContainText('已处理');

  // The sandbox format over the same file, as its editor previews it (nothing is saved).
  await page.goto('/recon/formats');
  await page
    .getByTestId('recon-formats')
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: 'sandbox', exact: true }) })
    .getByRole('button', { name: /^编\s*辑$/ })
    .click();
  const editor = page.getByRole('dialog', { name: '编辑格式 sandbox' });
  await expect(editor).toContainText('格式有效');
  await editor
    .locator('input[type="file"]')
    .setInputFiles({ name: 'sample.csv', mimeType: 'text/csv', buffer: file });
  const preview = editor.getByTestId('format-preview');
  await expect(preview).toContainText(orders[1]!.orderKey);
  // The summary line, read as the file's stated totals.
  await expect(preview).toContainText('汇总');
  await expect(preview).toContainText('¥88.88');
  await preview.scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/recon-formats.png' });
  await editor.getByLabel('格式（JSON）').fill('{"layout": 1}');
  await expect(editor.getByTestId('format-issues')).toContainText('body.layout');
  await page.keyboard.press('Escape');

  // An auditor reads the day and its cases, and changes nothing.
  await page.context().clearCookies();
  await login(page, 'auditor');
  await page.goto('/recon');
  await expect(dayRow(page)).toContainText('有差错');
  await expect(page.getByRole('button', { name: '上传对账单' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /对\s*账$/ })).toHaveCount(0);
});
