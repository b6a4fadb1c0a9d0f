import { describe, expect, it } from 'vitest';
import type { MessageKey, Translate } from '@/i18n';
import { en } from '@/i18n/en';
import { zhCN } from '@/i18n/zh-CN';
import { describePlanChange, planReason } from './plan-change';

const translator =
  (dictionary: Record<MessageKey, string>): Translate =>
  (key, vars) =>
    dictionary[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      vars && name in vars ? String(vars[name]) : whole,
    );

describe('describePlanChange', () => {
  const zh = translator(zhCN);
  it.each([
    [{ newTermMonths: 18 }, '期限改为 18 期'],
    [{ shiftDays: 30 }, '顺延 30 天'],
    [null, '—'],
    [{}, '—'],
    [{ somethingNew: 2 }, 'somethingNew: 2'],
  ])('%j → %s', (change, text) => {
    expect(describePlanChange(zh, change)).toBe(text);
  });

  it('speaks English too', () => {
    expect(describePlanChange(translator(en), { shiftDays: 7 })).toBe('Due dates moved by 7 days');
  });
});

describe('planReason', () => {
  it('names the intake version and keeps a person’s reason as written', () => {
    const zh = translator(zhCN);
    expect(planReason(zh, 'intake')).toBe('初始计划（放款同步）');
    expect(planReason(zh, '客户申请展期')).toBe('客户申请展期');
    expect(planReason(zh, null)).toBe('—');
  });
});
