import { describe, expect, it } from 'vitest';
import { translate, type Translate } from '@/i18n';
import { ruleFieldLabel } from './rule-labels';

const zh: Translate = (key, vars) => translate('zh-CN', key, vars);
const en: Translate = (key, vars) => translate('en', key, vars);

describe('ruleFieldLabel', () => {
  it("names a list item's field as the editor labels it, numbered from 1", () => {
    expect(ruleFieldLabel(zh, 'window', ['slots', 0, 'start'])).toBe('扣款时段 1 · 开始时间');
    expect(ruleFieldLabel(zh, 'window', ['eligibility', 'minAmount'])).toBe(
      '准入条件 · 最低扣款金额',
    );
    expect(ruleFieldLabel(zh, 'fee', ['charges', 1, 'tiers', 0, 'formula'])).toBe(
      '费用项 2 · 按逾期天数分段 1 · 公式',
    );
    expect(ruleFieldLabel(en, 'window', ['slots', 2, 'end'])).toMatch(/ 3 · /);
  });

  it('says a field named like its section once, and names conditions up to their field', () => {
    expect(ruleFieldLabel(zh, 'window', ['days', 'mode'])).toBe('扣款日');
    expect(ruleFieldLabel(zh, 'routing', ['routes', 0, 'conditions', 'all', 1, 'value'])).toBe(
      '路由 1 · 条件 · all[1].value',
    );
  });

  it('shows an unlabelled key as itself', () => {
    expect(ruleFieldLabel(zh, 'allocation', ['mystery'])).toBe('mystery');
  });
});
