import { expect, test, type Page } from '@playwright/test';
import { login } from '../fixtures/auth';

// The review path of a rule change, in the console's words: a PM's invalid slot is refused with
// a zh-CN message on the field; the saved draft is submitted with a note; an approver finds it
// in 待我审核, reads the note and the diff by the editor's labels, and approves it.
test.describe.configure({ mode: 'serial' });

const SET = '融资租赁扣款时段';

async function openRuleSet(page: Page) {
  await page.goto('/rules');
  await page.getByRole('tab', { name: '全部规则' }).click();
  await page.getByRole('link', { name: SET }).click();
  await expect(page.getByRole('tab', { name: '当前生效' })).toBeVisible();
}

test('a PM: an invalid slot is said in zh-CN at its field and the save is refused aloud; the fix is submitted with a note', async ({
  page,
}) => {
  await login(page, 'pm');
  await openRuleSet(page);
  await page.getByRole('button', { name: '新建版本' }).click();
  const editor = page.getByRole('dialog');
  await editor.getByRole('tab', { name: 'JSON' }).click();
  const json = editor.getByRole('textbox', { name: 'JSON' });
  const body = JSON.parse(await json.inputValue()) as {
    slots: { start: string; end: string }[];
  };

  // Ends before it starts: the list names the field as the form labels it, in words.
  body.slots[0] = { ...body.slots[0]!, start: '14:00', end: '13:00' };
  await json.fill(JSON.stringify(body, null, 2));
  const issues = editor.getByTestId('rule-issues');
  await expect(issues).toContainText(
    '扣款时段 1 · 结束时间：时段结束时间须晚于开始时间（14:00–13:00）',
  );
  await expect(issues).not.toContainText('slots[0]');
  // On the field itself, in the form view.
  await editor.getByRole('tab', { name: '表单' }).click();
  await expect(
    editor.locator('.ant-form-item-explain-error', {
      hasText: '时段结束时间须晚于开始时间（14:00–13:00）',
    }),
  ).toBeVisible();
  // Saving anyway is refused, and said.
  await editor.getByRole('button', { name: '保存草稿' }).click();
  await expect(page.getByText(/规则有 \d+ 处问题，未保存/)).toBeVisible();

  // The fix: the midday slot half an hour earlier.
  await editor.getByRole('tab', { name: 'JSON' }).click();
  body.slots[0] = { ...body.slots[0], start: '11:30', end: '12:30' };
  await json.fill(JSON.stringify(body, null, 2));
  await expect(editor.getByText('校验通过')).toBeVisible();
  await editor.getByRole('button', { name: '保存草稿' }).click();
  await expect(page.getByText('已保存')).toBeVisible();
  await editor.getByRole('button', { name: /取\s*消/ }).click();

  await page.getByRole('tab', { name: '版本历史' }).click();
  const draft = page.getByRole('row', { name: /v2/ });
  await draft.getByRole('button', { name: '提交审核' }).click();
  const modal = page.getByRole('dialog').last();
  await modal.getByRole('textbox').first().fill('午间时段提前半小时，避开午休高峰');
  await modal.getByRole('button', { name: /确\s*定/ }).click();
  await expect(modal).toBeHidden();
  await expect(page.getByRole('row', { name: /v2/ })).toContainText('待审核');
  // The author is no reviewer of their own version.
  await page.goto('/rules');
  await page.getByRole('tab', { name: /待我审核/ }).click();
  await expect(page.getByTestId('review-inbox').getByText(SET)).toHaveCount(0);
});

test('an admin finds it in 待我审核, reads the note and the labelled diff, and approves', async ({
  page,
}) => {
  await login(page, 'admin');
  await page.goto('/rules');
  const tab = page.getByRole('tab', { name: /待我审核/ });
  await expect(tab.getByTestId('inbox-count')).toContainText(/[1-9]/);
  await tab.click();
  const line = page.getByTestId('review-inbox').getByRole('row', { name: new RegExp(SET) });
  await expect(line).toContainText('午间时段提前半小时');
  await line.getByRole('button', { name: /^审\s*核$/ }).click();

  const review = page.getByRole('dialog');
  await expect(review.getByTestId('submit-note')).toHaveText('午间时段提前半小时，避开午休高峰');
  const change = review
    .getByTestId('rule-diff')
    .getByRole('row', { name: /扣款时段 1 · 开始时间/ });
  await expect(change).toContainText('12:00');
  await expect(change).toContainText('11:30');
  await expect(review.getByTestId('rule-diff')).not.toContainText('slots[0]');
  await review.getByRole('textbox').fill('同意');
  await review.getByRole('button', { name: /^通\s*过$/ }).click();
  await expect(page.getByText('操作成功')).toBeVisible();
  await expect(page.getByTestId('review-inbox').getByText(SET)).toHaveCount(0);

  // The approved version offers a full release; a gray one is offered only once one is in force.
  await page.getByRole('tab', { name: '全部规则' }).click();
  await page.getByRole('link', { name: SET }).click();
  await page.getByRole('tab', { name: '版本历史' }).click();
  await expect(page.getByRole('row', { name: /v2/ })).toContainText('已批准');
  await expect(
    page.getByRole('row', { name: /v2/ }).getByRole('button', { name: '灰度发布' }),
  ).toBeEnabled();
});
