import { randomBytes, scryptSync } from 'node:crypto';
import { hash, type Algorithm } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyNobody, verifyPassword } from './passwords';

/** A hash as the engine stored them before argon2id (scrypt at Node's default cost). */
function legacyScryptHash(password: string) {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64')}$${scryptSync(password, salt, 32).toString('base64')}`;
}

describe('passwords', () => {
  it('hashes with argon2id at the production cost (64 MiB, 3 passes, 4 lanes), salted', async () => {
    const first = await hashPassword('correct horse');
    expect(first).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=4\$/);
    expect(await hashPassword('correct horse')).not.toBe(first);
    expect(await verifyPassword('correct horse', first)).toBe(true);
    expect(await verifyPassword('correct horsE', first)).toBe(false);
    expect(needsRehash(first)).toBe(false);
  });

  it('verifies the older scrypt hashes and asks for a rehash of them', async () => {
    const legacy = legacyScryptHash('repay123');
    expect(await verifyPassword('repay123', legacy)).toBe(true);
    expect(await verifyPassword('repay124', legacy)).toBe(false);
    expect(needsRehash(legacy)).toBe(true);
  });

  it('asks for a rehash of argon2 at another cost, and refuses what it cannot read', async () => {
    const cheap = await hash('pw', {
      algorithm: 2 as Algorithm.Argon2id,
      memoryCost: 1024,
      timeCost: 1,
      parallelism: 1,
    });
    expect(await verifyPassword('pw', cheap)).toBe(true);
    expect(needsRehash(cheap)).toBe(true);
    expect(await verifyPassword('pw', 'plain-text')).toBe(false);
    expect(await verifyPassword('pw', '$argon2id$garbage')).toBe(false);
  });

  it('verifyNobody spends a verification and says no', async () => {
    expect(await verifyNobody('anything')).toBe(false);
  });
});
