import { describe, expect, it } from 'vitest';
import { translate } from '@/i18n';
import { verdictText } from './eligibility-text';

const zh = ((key: string, vars?: Record<string, string>) =>
  translate('zh-CN', key as never, vars)) as never;
const en = ((key: string, vars?: Record<string, string>) =>
  translate('en', key as never, vars)) as never;

describe('verdictText', () => {
  it('words a too-old installment with its days and the limit, in both languages', () => {
    const v = { eligible: false, reason: 'too_overdue', params: { overdueDays: 42, limit: 30 } };
    expect(verdictText(zh, v)).toBe('逾期 42 天，超过规则上限 30 天');
    expect(verdictText(en, v)).toBe('42 days overdue, beyond the rule’s 30');
  });

  it('shows amounts as money and a pause without an end', () => {
    expect(
      verdictText(zh, {
        eligible: false,
        reason: 'below_min_amount',
        params: { amount: '0.50', outstanding: '0.50', minAmount: '1.00' },
      }),
    ).toBe('应扣 ¥0.50 低于最低金额 ¥1.00');
    expect(
      verdictText(en, { eligible: false, reason: 'paused', params: { pausedUntil: null } }),
    ).toBe('Debits paused (no end date)');
  });

  it('falls back to the code for a reason it does not know', () => {
    expect(verdictText(en, { eligible: false, reason: 'something_new', params: {} })).toBe(
      'something_new',
    );
  });
});
