import { expect, test, type Page } from '@playwright/test';
import { api } from '../fixtures/api';
import { login } from '../fixtures/auth';

/** A loan of its own (no card, so no window debits it), owned by F-TRUST-01, owing no charges. */
async function freshLoan(prefix: string): Promise<string> {
  const orderNo = `${prefix}-${Date.now()}`;
  const created = await api('POST', '/api/v1/loans', {
    orderNo,
    businessLine: 'consumer',
    funderCode: 'F-TRUST-01',
    productCode: 'CONSUMER-STD',
    principal: '12000.00',
    annualRate: '0.12',
    termMonths: 12,
    repaymentMethod: 'equal_installment',
    startDate: '2026-02-10',
    borrower: { name: '王五', idNo: '110101199003071233', mobile: '13800138000' },
  });
  expect(created.status).toBe(201);
  return orderNo;
}

async function switchUser(page: Page, username: string) {
  await page.context().clearCookies();
  await login(page, username);
}

test('finance transfers a loan to another funder with a past cut-off; receivables still agree', async ({
  page,
}) => {
  test.slow(); // the create drawer twice, the detail drawer, then the loan's page
  const orderNo = await freshLoan('E2E-TRANSFER');
  await login(page, 'finance');
  await page.getByRole('menuitem', { name: '资产转让' }).click();
  await expect(page).toHaveURL(/\/transfers/);

  await page.getByRole('button', { name: '新建转让' }).click();
  const drawer = page.getByRole('dialog', { name: '新建转让' });
  // Listed twice: the console sends it as typed and the engine refuses it on the field.
  await drawer.getByLabel('贷款订单号').fill(`${orderNo}\n${orderNo}`);
  await drawer.getByLabel('受让资金方').click();
  await page.getByTitle('城东商业银行 (F-BANK-02)').click();
  // The stack's business date is 2026-03-15: the day before completes at once.
  const cutoff = drawer.getByLabel('转让基准日');
  await cutoff.click();
  await cutoff.fill('2026-03-14');
  await cutoff.press('Enter');
  await drawer.getByLabel('价格比例').fill('0.98');
  await drawer.getByRole('button', { name: /提\s*交/ }).click();
  await expect(
    drawer.locator('.ant-form-item-explain-error', { hasText: 'listed twice' }),
  ).toBeVisible();

  await drawer.getByLabel('贷款订单号').fill(`  ${orderNo}  `);
  await drawer.getByRole('button', { name: /提\s*交/ }).click();
  await expect(page.getByText('转让已完成')).toBeVisible();

  // The new transfer opens with its loan: where it came from, the principal and its price.
  const detail = page.getByRole('dialog', { name: /转让 tr_/ });
  const loanRow = detail.getByRole('row', { name: new RegExp(orderNo) });
  await expect(loanRow).toContainText('华信信托 (F-TRUST-01)');
  await expect(loanRow).toContainText('¥12,000.00');
  await expect(loanRow).toContainText('¥11,760.00');
  await expect(loanRow).toContainText('已完成');
  const transferId = ((await detail.locator('.ant-drawer-title').innerText()).match(/tr_\w+/) ??
    [])[0];
  expect(transferId).toBeTruthy();
  await page.keyboard.press('Escape');
  await expect(detail).toBeHidden();

  const row = page.getByTestId('transfers').getByRole('row', { name: new RegExp(transferId!) });
  await expect(row).toContainText('已完成');
  await expect(row).toContainText('城东商业银行 (F-BANK-02)');
  await expect(row).toContainText('2026-03-14');
  await expect(row).toContainText('0.98');

  // Ledger receivable and owned loans agree for every funder, the buyer counting the new loan.
  const receivables = page.getByTestId('transfer-receivables');
  await expect(receivables.getByRole('row', { name: /F-BANK-02/ })).toContainText('一致');
  await expect(receivables.getByText(/不一致/)).toHaveCount(0);

  // The loan now belongs to the buyer, and its page tells the transfer.
  await page.goto(`/loans/${orderNo}?tab=transfers`);
  await expect(page.getByText('城东商业银行 (F-BANK-02)').first()).toBeVisible();
  const history = page.getByTestId('loan-transfers');
  await expect(history.getByRole('row', { name: new RegExp(transferId!) })).toContainText(
    '¥11,760.00',
  );
});

test('waiving what a loan does not owe is refused on the field the engine names', async ({
  page,
}) => {
  // A fresh loan owes no penalty yet.
  const orderNo = await freshLoan('E2E-WAIVE');
  await login(page, 'ops');
  await page.goto(`/loans/${orderNo}`);
  await page.getByRole('button', { name: /^减\s*免$/ }).click();
  const modal = page.getByRole('dialog', { name: '减免' });
  await modal.getByLabel('原因').fill('客户投诉');
  await modal.getByRole('button', { name: /确\s*定/ }).click();
  await expect(
    modal.locator('.ant-form-item-explain-error', { hasText: 'owes no penalty' }),
  ).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(modal).toBeHidden();
  await page.getByRole('tab', { name: '减免' }).click();
  await expect(page.getByTestId('loan-waivers')).toContainText('暂无减免');
});

/** A demo loan long overdue: it owes penalty (accrued at the stack's start). */
const OVERDUE = 'DEMO0000090';

async function askWaiver(page: Page, amount: string, reason: string) {
  await page.goto(`/loans/${OVERDUE}`);
  await page.getByRole('button', { name: /^减\s*免$/ }).click();
  const modal = page.getByRole('dialog', { name: '减免' });
  await modal.getByLabel('部分金额').check();
  await modal.getByLabel('减免金额').fill(amount);
  await modal.getByLabel('原因').fill(reason);
  await modal.getByRole('button', { name: /确\s*定/ }).click();
  await expect(modal).toBeHidden();
}

test('ops waive a little penalty at once; they read the approval queue without deciding', async ({
  page,
}) => {
  await login(page, 'ops');
  await askWaiver(page, '1.00', '客户困难');
  await expect(page.getByText('已减免 ¥1.00')).toBeVisible();
  await page.getByRole('tab', { name: '减免' }).click();
  await expect(
    page.getByTestId('loan-waivers').getByRole('row', { name: /客户困难/ }),
  ).toContainText('已生效');

  await page.getByRole('menuitem', { name: '减免审批' }).click();
  await expect(page).toHaveURL(/\/waivers/);
  await expect(page.getByTestId('waiver-queue')).toBeVisible();
  await expect(page.getByRole('button', { name: /批\s*准/ })).toHaveCount(0);
});

test('a waiver above the limit waits for finance; the one who asked cannot approve it', async ({
  page,
}) => {
  test.slow(); // two users, each logging in
  await login(page, 'finance');
  await askWaiver(page, '600.00', '协商减免罚息');
  await expect(page.getByText('减免 ¥600.00 超过审批阈值，待财务审批')).toBeVisible();

  await page.goto('/waivers');
  const pending = page
    .getByTestId('waiver-queue')
    .getByRole('row', { name: /协商减免罚息/ })
    .filter({ hasText: OVERDUE });
  await expect(pending).toContainText('¥600.00');
  await expect(pending).toContainText('待审批');
  await expect(pending).toContainText('本人发起');
  await pending.getByRole('button', { name: /批\s*准/ }).click();
  let decision = page.getByRole('dialog', { name: '批准减免 ¥600.00' });
  await decision.getByLabel('审批意见').fill('同意');
  await decision.getByRole('button', { name: /批\s*准/ }).click();
  await expect(page.getByText('approved by someone other than who asked for it')).toBeVisible();
  await decision.getByRole('button', { name: /取\s*消/ }).click();
  await expect(pending).toContainText('待审批');

  // Another user (admin) approves it: it applies and leaves the queue.
  await switchUser(page, 'admin');
  await page.goto('/waivers');
  await pending.getByRole('button', { name: /批\s*准/ }).click();
  decision = page.getByRole('dialog', { name: '批准减免 ¥600.00' });
  await decision.getByLabel('审批意见').fill('同意减免');
  await decision.getByRole('button', { name: /批\s*准/ }).click();
  await expect(page.getByText('已批准，减免已生效')).toBeVisible();
  await expect(pending).toHaveCount(0);

  await page.goto(`/loans/${OVERDUE}?tab=waivers`);
  const approved = page.getByTestId('loan-waivers').getByRole('row', { name: /协商减免罚息/ });
  await expect(approved).toContainText('已生效');
  await expect(approved).toContainText('同意减免');
});
