import { describe, expect, it } from 'vitest';

import { exampleRemittance } from '../examples';
import { parseRuleBody, remittanceAsOf, remittanceOf } from './index';

const rule = (
  over: { percent?: string; fixedPerBatch?: string; minPerBatch?: string; minAmount?: string } = {},
) =>
  parseRuleBody('remittance', {
    ...exampleRemittance,
    minAmount: over.minAmount ?? exampleRemittance.minAmount,
    platformFee: {
      percent: over.percent ?? '0.50',
      fixedPerBatch: over.fixedPerBatch ?? '0.00',
      minPerBatch: over.minPerBatch ?? '0.00',
    },
  });

describe('remittanceOf, to the fen', () => {
  it('rounds the percentage fee half-up at half a fen', () => {
    const r = rule({ minAmount: '0.00' });
    // 0.50 % of 101.00 is 50.5 fen → 51; of 100.99, 50.495 fen → 50.
    expect(remittanceOf(r, 10_100n)).toEqual({
      grossFen: 10_100n,
      feeFen: 51n,
      netFen: 10_049n,
      carried: false,
    });
    expect(remittanceOf(r, 10_099n).feeFen).toBe(50n);
    // Half a fen exactly: 0.50 % of 1.00 → 1 fen; just under: 0.99 → 0.495 fen → 0.
    expect(remittanceOf(r, 100n).feeFen).toBe(1n);
    expect(remittanceOf(r, 99n).feeFen).toBe(0n);
    // Four decimals of a per cent, exact on large amounts (no floating point).
    expect(remittanceOf(rule({ percent: '0.1234' }), 123_456_789_01n).feeFen).toBe(15_234_568n);
    expect(remittanceOf(rule({ percent: '0.0001' }), 12_345n).feeFen).toBe(0n);
  });

  it('adds the fixed fee per batch to the percentage', () => {
    expect(remittanceOf(rule({ percent: '0.25', fixedPerBatch: '2.00' }), 1_000_000n)).toEqual({
      grossFen: 1_000_000n,
      feeFen: 2_700n,
      netFen: 997_300n,
      carried: false,
    });
    expect(remittanceOf(rule({ percent: '0', fixedPerBatch: '1.50' }), 50_000n).feeFen).toBe(150n);
  });

  it('charges at least the minimum per batch', () => {
    const r = rule({ minPerBatch: '5.00' });
    expect(remittanceOf(r, 50_000n)).toMatchObject({ feeFen: 500n, netFen: 49_500n });
    // Above the minimum, the percentage stands: 0.50 % of 2,000.00 is 10.00.
    expect(remittanceOf(r, 200_000n)).toMatchObject({ feeFen: 1_000n, netFen: 199_000n });
  });

  it('never charges more than the gross', () => {
    expect(remittanceOf(rule({ minPerBatch: '5.00', minAmount: '0.00' }), 300n)).toEqual({
      grossFen: 300n,
      feeFen: 300n,
      netFen: 0n,
      carried: false,
    });
    expect(remittanceOf(rule({ percent: '100', fixedPerBatch: '1.00' }), 1_000n)).toMatchObject({
      feeFen: 1_000n,
      netFen: 0n,
      carried: true,
    });
  });

  it('carries a net below the minimum to the next day, and remits one at the minimum', () => {
    const r = rule();
    // 100.00 gross: 0.50 fee, 99.50 net < 100.00.
    expect(remittanceOf(r, 10_000n)).toEqual({
      grossFen: 10_000n,
      feeFen: 50n,
      netFen: 9_950n,
      carried: true,
      reason: 'net 99.50 is below the minimum 100.00',
    });
    // 100.50 gross: 0.5025 → 0.50 fee, 100.00 net: remitted.
    expect(remittanceOf(r, 10_050n)).toEqual({
      grossFen: 10_050n,
      feeFen: 50n,
      netFen: 10_000n,
      carried: false,
    });
  });

  it('carries a batch with nothing collected, charging nothing', () => {
    expect(remittanceOf(rule({ fixedPerBatch: '2.00' }), 0n)).toEqual({
      grossFen: 0n,
      feeFen: 0n,
      netFen: 0n,
      carried: true,
      reason: 'nothing to remit (gross 0.00)',
    });
    expect(remittanceOf(rule(), -1_234n)).toMatchObject({
      feeFen: 0n,
      netFen: -1_234n,
      carried: true,
    });
  });
});

describe('remittanceAsOf', () => {
  const t1 = parseRuleBody('remittance', exampleRemittance);
  const t0 = parseRuleBody('remittance', { ...exampleRemittance, settlement: 'T+0' });
  it('T+1 covers collections effective up to the day before, across months and years', () => {
    expect(remittanceAsOf(t1, '2026-03-18')).toBe('2026-03-17');
    expect(remittanceAsOf(t1, '2024-03-01')).toBe('2024-02-29');
    expect(remittanceAsOf(t1, '2026-01-01')).toBe('2025-12-31');
  });
  it('T+0 covers the day itself', () => {
    expect(remittanceAsOf(t0, '2026-03-18')).toBe('2026-03-18');
  });
  it('refuses a date that is not one', () => {
    expect(() => remittanceAsOf(t1, '2026-02-30')).toThrow(RangeError);
  });
});
