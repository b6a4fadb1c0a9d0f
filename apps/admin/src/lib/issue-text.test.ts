import { exampleRuleBodies, validateRuleBody } from '@repay/rules';
import { describe, expect, it } from 'vitest';
import { translate, type Translate } from '@/i18n';
import { issueText } from './issue-text';

const zh: Translate = (key, vars) => translate('zh-CN', key, vars);
const en: Translate = (key, vars) => translate('en', key, vars);

describe('issueText', () => {
  it('words a rule check in zh-CN and English, in the right order', () => {
    const issue = {
      message: 'a slot ends after it starts (14:00–13:00)',
      code: 'slot_end_before_start',
      params: { start: '14:00', end: '13:00' },
    };
    expect(issueText(zh, issue)).toBe('时段结束时间须晚于开始时间（14:00–13:00）');
    expect(issueText(en, issue)).toBe('A slot must end after it starts (14:00–13:00)');
  });

  it('shows a refinement (custom) as the engine wrote it', () => {
    const issue = { message: 'the single limit is above the daily limit', code: 'custom' };
    expect(issueText(zh, issue)).toBe('the single limit is above the daily limit');
  });

  it('words the common input problems, with named formats and types', () => {
    expect(issueText(zh, { message: 'x', code: 'required' })).toBe('必填');
    expect(issueText(zh, { message: 'x', code: 'too_long', params: { maximum: 60 } })).toBe(
      '最多 60 个字',
    );
    expect(issueText(zh, { message: 'x', code: 'too_small', params: { minimum: 1 } })).toBe(
      '不能小于 1',
    );
    expect(
      issueText(zh, { message: 'x', code: 'invalid_format', params: { format: 'time_of_day' } }),
    ).toBe('格式不正确，应为 HH:mm 的时间（00:00–23:59）');
    expect(
      issueText(en, { message: 'x', code: 'invalid_type', params: { expected: 'number' } }),
    ).toBe('Should be a number');
    expect(issueText(zh, { message: 'x', code: 'invalid_enum', params: { options: 'a, b' } })).toBe(
      '不是可选的值（可选：a, b）',
    );
  });

  it("keeps the engine's words for an unknown code or none", () => {
    expect(issueText(zh, { message: 'something new', code: 'brand_new' })).toBe('something new');
    expect(issueText(zh, { message: 'plain' })).toBe('plain');
  });

  it('words every problem the rule kinds can raise (no English left in zh-CN)', () => {
    const body = structuredClone(exampleRuleBodies.fee) as { charges: Record<string, unknown>[] };
    body.charges[0]!.formula = 'base * rate';
    const result = validateRuleBody('fee', body);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = issueText(zh, result.issues[0]!);
    expect(text).toMatch(/^变量“rate”不存在/);
    const syntax = structuredClone(body);
    syntax.charges[0]!.formula = 'base *';
    const again = validateRuleBody('fee', syntax);
    if (again.ok) throw new Error('expected a refusal');
    expect(issueText(zh, again.issues[0]!)).toBe('公式语法错误（第 7 个字符附近）');
  });
});
