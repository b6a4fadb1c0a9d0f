// Console passwords: argon2id, memory-hard, at RFC 9106's second recommended parameters
// (64 MiB, 3 passes, 4 lanes), stored as PHC strings that carry their own parameters. Hashes
// made before (scrypt at Node's default cost) still verify and are replaced at the next
// successful sign-in (`needsRehash`).
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { hash, verify, type Algorithm } from '@node-rs/argon2';

/** Algorithm.Argon2id: the package's enum is a `const enum`, which isolated modules cannot read. */
const ARGON2ID = 2 as Algorithm.Argon2id;

export const PASSWORD_HASH_COST = { memoryCost: 65_536, timeCost: 3, parallelism: 4 } as const;

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  length: number,
) => Promise<Buffer>;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, ...PASSWORD_HASH_COST });
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith('$argon2')) return verify(stored, password).catch(() => false);
  return verifyLegacyScrypt(password, stored);
}

/** True when the stored hash is not argon2id at today's cost: hash the password again. */
export function needsRehash(stored: string): boolean {
  const params = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  return (
    !params ||
    Number(params[1]) !== PASSWORD_HASH_COST.memoryCost ||
    Number(params[2]) !== PASSWORD_HASH_COST.timeCost ||
    Number(params[3]) !== PASSWORD_HASH_COST.parallelism
  );
}

let nobodysHash: Promise<string> | undefined;

/**
 * Spends one verification on a hash nobody's password matches: a sign-in for an unknown or
 * disabled user costs what a wrong password costs, so timing does not tell which names exist.
 */
export async function verifyNobody(password: string): Promise<false> {
  nobodysHash ??= hashPassword(randomBytes(24).toString('base64'));
  await verifyPassword(password, await nobodysHash);
  return false;
}

/** `scrypt$<salt>$<key>` (base64), N = 2^14, r = 8, p = 1: the format before argon2id. */
async function verifyLegacyScrypt(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(expected, actual);
}
