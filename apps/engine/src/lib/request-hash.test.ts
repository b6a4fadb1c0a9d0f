import { describe, expect, it } from 'vitest';
import { requestHash } from './request-hash';

const fields = { amounts: ['principal', 'card.limit'], decimals: ['annualRate', 'ratios[]'] };

describe('idempotency request hash', () => {
  const base = {
    orderNo: 'L1',
    principal: '100000.00',
    annualRate: '0.12',
    card: { cardNo: '6222021234567840123', limit: '50.5' },
    ratios: ['1', '0.985'],
  };

  it('compares amounts and rates by value and ignores key order', () => {
    const same = {
      ratios: ['1.00', '0.9850'],
      card: { limit: '50.50', cardNo: '6222021234567840123' },
      annualRate: '0.120',
      principal: '100000.0',
      orderNo: 'L1',
    };
    expect(requestHash(same, fields)).toBe(requestHash(base, fields));
    expect(requestHash({ ...base, principal: '100000' }, fields)).toBe(requestHash(base, fields));
  });

  it('differs when a value differs', () => {
    const h = requestHash(base, fields);
    expect(requestHash({ ...base, principal: '100000.01' }, fields)).not.toBe(h);
    expect(requestHash({ ...base, annualRate: '0.1201' }, fields)).not.toBe(h);
    expect(requestHash({ ...base, ratios: ['0.985', '1'] }, fields)).not.toBe(h);
    expect(requestHash({ ...base, orderNo: 'L2' }, fields)).not.toBe(h);
  });

  it('leaves every other string as written: a reference "007" is not "7"', () => {
    expect(requestHash({ reference: '007' }, fields)).not.toBe(
      requestHash({ reference: '7' }, fields),
    );
  });

  it('treats an absent key like an undefined one', () => {
    expect(requestHash({ a: '1', b: undefined }, {})).toBe(requestHash({ a: '1' }, {}));
  });
});
