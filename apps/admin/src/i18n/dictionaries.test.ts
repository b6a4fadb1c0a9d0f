import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zhCN, type MessageKey } from './zh-CN';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  it('have the same keys in both languages', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(zhCN) as MessageKey[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(zhCN[key]));
    }
  });

  it('name every enum value the engine sends', () => {
    const groups: Record<string, readonly string[]> = {
      businessLine: ['lease', 'consumer', 'supply_chain'],
      loanStatus: ['active', 'settled', 'written_off'],
      installmentStatus: ['pending', 'partially_paid', 'paid', 'overdue', 'waived'],
      method: ['equal_installment', 'equal_principal', 'interest_first', 'bullet', 'lease_rent'],
      funderType: ['bank', 'trust', 'self', 'other'],
      refStatus: ['active', 'inactive'],
      dayCount: ['30/360', 'actual/365', 'actual/360'],
    };
    for (const [group, values] of Object.entries(groups)) {
      for (const value of values)
        expect(Object.keys(zhCN), `${group}.${value}`).toContain(`enum.${group}.${value}`);
    }
  });
});
