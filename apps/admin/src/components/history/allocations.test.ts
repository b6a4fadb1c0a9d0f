import { describe, expect, it } from 'vitest';
import type { MessageKey, Translate } from '@/i18n';
import { en } from '@/i18n/en';
import { zhCN } from '@/i18n/zh-CN';
import { allocationLines } from './allocations';

const translator =
  (dictionary: Record<MessageKey, string>): Translate =>
  (key, vars) =>
    (dictionary[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) =>
      vars && name in vars ? String(vars[name]) : whole,
    );

describe('allocationLines', () => {
  const allocations = [
    { period: 1, component: 'penalty', amount: '1.2' },
    { period: 1, component: 'interest', amount: '50.00' },
    { period: 2, component: 'interest', amount: '48.00' },
    { period: 1, component: 'principal', amount: '1950.00' },
  ];

  it('puts each period on one line, components in the order allocated', () => {
    expect(allocationLines(translator(zhCN), allocations)).toEqual([
      '第 1 期 罚息 ¥1.20 · 利息 ¥50.00 · 本金 ¥1,950.00',
      '第 2 期 利息 ¥48.00',
    ]);
  });

  it('speaks English, and shows an unknown component as sent', () => {
    expect(
      allocationLines(translator(en), [{ period: 3, component: 'surcharge', amount: '2.00' }]),
    ).toEqual(['P3 surcharge ¥2.00']);
  });

  it('has nothing to say about no allocations', () => {
    expect(allocationLines(translator(zhCN), [])).toEqual([]);
  });
});
