// Field encryption (AES-256-GCM) and keyed lookup hashes (HMAC-SHA256) for sensitive data.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

export interface FieldCrypto {
  encrypt(plain: string): string;
  decrypt(token: string): string;
  /** Deterministic keyed hash: equal inputs find each other without storing them in clear. */
  lookupHash(value: string): string;
}

export const DEV_ENCRYPTION_KEY = 'repay-dev-encryption-key-not-for-production';
export const DEV_HASH_KEY = 'repay-dev-hash-key-not-for-production';

/** Keys may be given as 64 hex chars, base64 of 32 bytes, or any passphrase (hashed to 32 bytes). */
function deriveKey(material: string): Buffer {
  if (/^[0-9a-f]{64}$/i.test(material)) return Buffer.from(material, 'hex');
  const b64 = Buffer.from(material, 'base64');
  if (b64.length === 32 && /^[A-Za-z0-9+/=]+$/.test(material)) return b64;
  return createHash('sha256').update(material).digest();
}

export function createFieldCrypto(opts: {
  encryptionKey?: string;
  hashKey?: string;
  production: boolean;
}): FieldCrypto {
  if (opts.production && (!opts.encryptionKey || !opts.hashKey)) {
    throw new Error('REPAY_ENCRYPTION_KEY and REPAY_HASH_KEY are required in production');
  }
  const key = deriveKey(opts.encryptionKey ?? DEV_ENCRYPTION_KEY);
  const hashKey = deriveKey(opts.hashKey ?? DEV_HASH_KEY);
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [
        'v1',
        iv.toString('base64'),
        cipher.getAuthTag().toString('base64'),
        body.toString('base64'),
      ].join(':');
    },
    decrypt(token) {
      const [version, iv, tag, body] = token.split(':');
      if (version !== 'v1' || !iv || !tag || body === undefined)
        throw new Error('unsupported ciphertext');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([
        decipher.update(Buffer.from(body, 'base64')),
        decipher.final(),
      ]).toString('utf8');
    },
    lookupHash(value) {
      return createHmac('sha256', hashKey).update(value).digest('hex');
    },
  };
}

export const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

export function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');
