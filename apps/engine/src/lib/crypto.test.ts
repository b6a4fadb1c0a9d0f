import { describe, expect, it } from 'vitest';
import { createFieldCrypto } from './crypto';

describe('field crypto', () => {
  const crypto = createFieldCrypto({
    encryptionKey: 'k'.repeat(40),
    hashKey: 'h'.repeat(40),
    production: false,
  });

  it('round-trips and never repeats a ciphertext', () => {
    const a = crypto.encrypt('110101199003071233');
    const b = crypto.encrypt('110101199003071233');
    expect(a).not.toBe(b);
    expect(a).not.toContain('110101199003071233');
    expect(crypto.decrypt(a)).toBe('110101199003071233');
  });

  it('detects tampering', () => {
    const token = crypto.encrypt('13800138000');
    const [v, iv, tag, body] = token.split(':');
    const flipped = Buffer.from(body!, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => crypto.decrypt([v, iv, tag, flipped.toString('base64')].join(':'))).toThrow();
  });

  it('hashes deterministically per key, for lookups', () => {
    const other = createFieldCrypto({
      encryptionKey: 'x',
      hashKey: 'another key',
      production: false,
    });
    expect(crypto.lookupHash('13800138000')).toBe(crypto.lookupHash('13800138000'));
    expect(crypto.lookupHash('13800138000')).not.toBe(other.lookupHash('13800138000'));
  });

  it('refuses to run in production without keys', () => {
    expect(() => createFieldCrypto({ production: true })).toThrow(/REPAY_ENCRYPTION_KEY/);
  });
});
