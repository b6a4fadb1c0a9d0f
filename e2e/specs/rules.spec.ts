import { expect, test, type Page } from '@playwright/test';
import { login } from '../fixtures/auth';
import { expectEmptyFormRefused } from '../fixtures/modal';

test.describe.configure({ mode: 'serial' });

async function openRuleSet(page: Page, name: string) {
  await page.goto('/rules');
  await page.getByRole('link', { name }).click();
  await expect(page.getByRole('tab', { name: '当前生效' })).toBeVisible();
}

const confirmModal = async (page: Page, reason?: string) => {
  const modal = page.getByRole('dialog').last();
  if (reason) await modal.getByRole('textbox').first().fill(reason);
  await modal.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(modal).toBeHidden();
};

test('ops drafts a new deduction slot in the JSON view; an overlap is refused at its path; the draft is simulated and submitted', async ({
  page,
}) => {
  await login(page, 'ops');
  await openRuleSet(page, '消费分期扣款时段');
  await page.getByRole('button', { name: '新建版本' }).click();
  const editor = page.getByRole('dialog');
  await editor.getByRole('tab', { name: 'JSON' }).click();
  const json = editor.getByRole('textbox', { name: 'JSON' });
  const body = JSON.parse(await json.inputValue()) as { slots: { start: string; end: string }[] };

  body.slots.push({ start: '10:15', end: '10:45' });
  await json.fill(JSON.stringify(body, null, 2));
  await expect(editor.getByTestId('rule-issues')).toContainText('扣款时段 4 · 开始时间');
  await expect(editor.getByTestId('rule-issues')).toContainText(
    '时段 10:15–10:45 与时段 10:00–10:30 重叠',
  );
  await expect(editor.getByRole('button', { name: '保存草稿' })).toBeEnabled();

  body.slots[3] = { start: '08:00', end: '08:30' };
  await json.fill(JSON.stringify(body, null, 2));
  await expect(editor.getByText('校验通过')).toBeVisible();
  await editor.getByRole('tab', { name: '表单' }).click();
  await expect(editor.getByText('扣款时段').first()).toBeVisible();
  await editor.getByRole('button', { name: '保存草稿' }).click();
  await expect(page.getByText('已保存')).toBeVisible();

  const simulation = editor.getByTestId('simulation');
  await simulation.getByRole('button', { name: '运行模拟' }).click();
  await expect(simulation.getByText('08:00–08:30')).toBeVisible();
  await expect(simulation.getByText('可扣期数').first()).toBeVisible();
  await editor.getByRole('button', { name: /取\s*消/ }).click();

  await page.getByRole('tab', { name: '版本历史' }).click();
  const draft = page.getByRole('row', { name: /v2/ });
  await expect(draft).toContainText('草稿');
  await draft.getByRole('button', { name: '提交审核' }).click();
  await confirmModal(page);
  await expect(page.getByRole('row', { name: /v2/ })).toContainText('待审核');
  // ops may not review.
  await expect(
    page.getByRole('row', { name: /v2/ }).getByRole('button', { name: /^通\s*过$/ }),
  ).toHaveCount(0);
});

test('an admin approves and publishes it; the slot is in force and the history keeps v1', async ({
  page,
}) => {
  await login(page, 'admin');
  await openRuleSet(page, '消费分期扣款时段');
  await page.getByRole('tab', { name: '版本历史' }).click();
  await page
    .getByRole('row', { name: /v2/ })
    .getByRole('button', { name: /^通\s*过$/ })
    .click();
  await confirmModal(page, '时段合理');
  await page
    .getByRole('row', { name: /v2/ })
    .getByRole('button', { name: /^发\s*布$/ })
    .click();
  await expectEmptyFormRefused(
    page.getByRole('dialog', { name: /发\s*布/ }),
    '请填写原因（至少 2 个字）',
  );
  await confirmModal(page, '增加早间时段');
  await expect(page.getByRole('row', { name: /v1/ })).toContainText('已替代');
  await page.getByRole('tab', { name: '当前生效' }).click();
  await expect(page.getByText('08:00–08:30')).toBeVisible();
  await page.getByRole('tab', { name: '发布记录' }).click();
  await expect(page.getByRole('cell', { name: '增加早间时段' })).toBeVisible();
});

test('finance edits a fee formula: an unknown variable is shown at the field, the calculator follows the formula', async ({
  page,
}) => {
  await login(page, 'finance');
  await openRuleSet(page, '华信信托逾期费用');
  await page.getByRole('button', { name: '新建版本' }).click();
  const editor = page.getByRole('dialog');
  await expect(editor.getByTestId('fee-result').first()).toContainText('¥50.00');
  const formula = editor.getByLabel('公式（按元计算；罚息/复利为每日金额）').first();
  await formula.fill('base * rate');
  await expect(editor.getByText(/变量“rate”不存在/).first()).toBeVisible();
  await formula.fill('base * contractRate * 2 / dayBase');
  await expect(editor.getByTestId('fee-result').first()).toContainText('¥66.67');
  // 6 % a day with no cap of its own: the calculator caps it at the business line's all-in
  // ceiling, as the daily accrual does (10,000 × (36 % − 12 %) × 10 / 360).
  await formula.fill('base * 0.06');
  await editor.getByLabel('年化综合上限（如 0.24）').first().clear();
  const result = editor.getByTestId('fee-result').first();
  await expect(result).toContainText('¥66.67');
  await expect(result).toContainText('业务线综合年化上限 36%');
  // Closing with unsaved edits asks first: keep editing, then discard.
  await page.keyboard.press('Escape');
  const ask = page.getByRole('dialog', { name: '放弃未保存的修改？' });
  await ask.getByRole('button', { name: '继续编辑' }).click();
  await expect(ask).toBeHidden();
  await expect(editor.getByTestId('fee-result').first()).toBeVisible();
  await editor.getByRole('button', { name: /取\s*消/ }).click();
  await ask.getByRole('button', { name: '放弃修改' }).click();
  await expect(editor.getByTestId('fee-result')).toHaveCount(0);
});

test('an auditor reads rules but is offered no editing', async ({ page }) => {
  await login(page, 'auditor');
  await page.goto('/rules');
  await expect(page.getByRole('link', { name: '标准短信' })).toBeVisible();
  await expect(page.getByRole('button', { name: '新建规则集' })).toHaveCount(0);
  await openRuleSet(page, '标准短信');
  await expect(page.getByRole('button', { name: '新建版本' })).toHaveCount(0);
});

test('finance drafts a fee change and submits it', async ({ page }) => {
  await login(page, 'finance');
  await openRuleSet(page, '城东商业银行逾期费用');
  await page.getByRole('button', { name: '新建版本' }).click();
  const editor = page.getByRole('dialog');
  await editor.getByLabel('公式（按元计算；罚息/复利为每日金额）').first().fill('base * 0.0004');
  await editor.getByRole('button', { name: '保存草稿' }).click();
  await expect(page.getByText('已保存')).toBeVisible();
  await editor.getByRole('button', { name: '运行模拟' }).click();
  await expect(editor.getByTestId('simulation').getByText('受影响期数')).toBeVisible();
  await editor.getByRole('button', { name: /取\s*消/ }).click();
  await page.getByRole('tab', { name: '版本历史' }).click();
  await page.getByRole('row', { name: /v2/ }).getByRole('button', { name: '提交审核' }).click();
  await confirmModal(page);
});

test('a product manager releases it to 20 % of loans, sees both sides, and abandons it', async ({
  page,
}) => {
  await login(page, 'pm');
  await openRuleSet(page, '城东商业银行逾期费用');
  await page.getByRole('tab', { name: '版本历史' }).click();
  await page
    .getByRole('row', { name: /v2/ })
    .getByRole('button', { name: /^通\s*过$/ })
    .click();
  await confirmModal(page, '同意');
  await page.getByRole('row', { name: /v2/ }).getByRole('button', { name: '灰度发布' }).click();
  const modal = page.getByRole('dialog').last();
  await modal.getByRole('spinbutton').fill('20');
  await confirmModal(page, '先灰度 20% 贷款');
  await page.getByRole('tab', { name: '当前生效' }).click();
  await expect(page.getByText('全量 v1')).toBeVisible();
  await expect(page.getByText('灰度 v2')).toBeVisible();
  await expect(page.getByText('20% 贷款')).toBeVisible();
  await page.getByRole('button', { name: '放弃灰度' }).click();
  await confirmModal(page, '投诉较多');
  await expect(page.getByText('灰度 v2')).toHaveCount(0);
  await page.getByRole('tab', { name: '版本历史' }).click();
  await expect(page.getByRole('row', { name: /v2/ })).toContainText('已放弃');
});
