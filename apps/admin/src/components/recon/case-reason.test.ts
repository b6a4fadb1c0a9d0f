import { describe, expect, it } from 'vitest';
import type { MessageKey, Translate } from '@/i18n';
import { en } from '@/i18n/en';
import { zhCN } from '@/i18n/zh-CN';
import { RECON_CASE_REASONS } from '@repay/rules/vocabulary';
import { caseReasonText } from './case-reason';

const translator =
  (dictionary: Record<MessageKey, string>): Translate =>
  (key, vars) =>
    (dictionary[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) =>
      vars && name in vars ? String(vars[name]) : whole,
    );
const zh = translator(zhCN);
const english = translator(en);

describe('a case’s reason', () => {
  it('is worded from its code in the console’s language, amounts as ¥ and statuses by label', () => {
    const amount = {
      reason: 'the channel took 888401 fen; our order is for 888400 fen',
      reasonCode: 'mismatch_amount',
      reasonParams: { theirAmount: '8884.01', ourAmount: '8884.00' },
    };
    expect(caseReasonText(zh, amount)).toBe('通道扣款 ¥8,884.01，我方订单金额 ¥8,884.00');
    expect(caseReasonText(english, amount)).toBe(
      'The channel took ¥8,884.01; our order is for ¥8,884.00',
    );
    const overage = {
      reason: 'the channel took the money; our order is failed',
      reasonCode: 'overage_our_status',
      reasonParams: { ourStatus: 'failed' },
    };
    expect(caseReasonText(zh, overage)).toBe('通道已扣款，我方订单为失败');
    const pending = {
      reason: '…',
      reasonCode: 'mismatch_pending',
      reasonParams: { lineStatus: 'success', theirAmount: '10.00', ourAmount: '12.00' },
    };
    expect(caseReasonText(zh, pending)).toBe(
      '对账单显示成功（¥10.00），与我方处理中的订单（¥12.00）不符',
    );
  });

  it('has words in both languages for every code the engine writes, with no placeholder left', () => {
    for (const code of RECON_CASE_REASONS)
      for (const t of [zh, english]) {
        const text = caseReasonText(t, {
          reason: 'ENGLISH',
          reasonCode: code,
          reasonParams: {
            ourStatus: 'failed',
            lineStatus: 'failed',
            theirAmount: '1.00',
            ourAmount: '2.00',
            theirFee: '0.30',
            ruleFee: '0.20',
          },
        });
        expect(text, code).not.toBe('ENGLISH');
        expect(text, code).not.toMatch(/[{}]/);
      }
  });

  it('shows the engine’s words for a case opened before codes, or a code it does not know', () => {
    const old = { reason: 'our order succeeded; the statement does not show it' };
    expect(caseReasonText(zh, { ...old, reasonCode: null, reasonParams: {} })).toBe(old.reason);
    expect(caseReasonText(zh, { ...old, reasonCode: 'later_code', reasonParams: {} })).toBe(
      old.reason,
    );
  });
});
