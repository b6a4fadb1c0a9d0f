import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { createFieldCrypto, isSealedBytes, SEALED_BYTES_MAGIC } from './crypto';

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

  it('seals bytes with the same key: marked, never repeated, round-tripped, tampering detected', () => {
    const file = gzipSync(Buffer.from('W202603151000-7,SER-1,debit,888400,1776,success\n'));
    const a = crypto.encryptBytes(file);
    const b = crypto.encryptBytes(file);
    expect(a.subarray(0, SEALED_BYTES_MAGIC.length)).toEqual(SEALED_BYTES_MAGIC);
    expect(isSealedBytes(a)).toBe(true);
    expect(isSealedBytes(file)).toBe(false);
    expect(a.equals(b)).toBe(false);
    expect(a.includes(file)).toBe(false);
    expect(crypto.decryptBytes(a)).toEqual(file);
    expect(crypto.decryptBytes(crypto.encryptBytes(new Uint8Array(0)))).toEqual(Buffer.alloc(0));
    const flipped = Buffer.from(a);
    flipped[flipped.length - 1] = flipped[flipped.length - 1]! ^ 1;
    expect(() => crypto.decryptBytes(flipped)).toThrow();
    expect(() => crypto.decryptBytes(file)).toThrow(/unsupported ciphertext/);
    const other = createFieldCrypto({ encryptionKey: 'another key', production: false });
    expect(() => other.decryptBytes(a)).toThrow();
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
