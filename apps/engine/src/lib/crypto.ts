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
  /**
   * The same cipher and key over bytes (a stored file): `SEALED_BYTES_MAGIC`, the IV, the tag,
   * then the ciphertext, in one buffer.
   */
  encryptBytes(plain: Uint8Array): Buffer;
  decryptBytes(sealed: Uint8Array): Buffer;
  /** Deterministic keyed hash: equal inputs find each other without storing them in clear. */
  lookupHash(value: string): string;
}

/** What sealed bytes start with ("RPE" and the format's version, 1). */
export const SEALED_BYTES_MAGIC = Buffer.from('RPE\x01', 'latin1');
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Whether bytes are `encryptBytes`' output (by their first bytes; the tag checks the rest). */
export const isSealedBytes = (bytes: Uint8Array) =>
  bytes.length >= SEALED_BYTES_MAGIC.length + IV_BYTES + TAG_BYTES &&
  SEALED_BYTES_MAGIC.equals(bytes.subarray(0, SEALED_BYTES_MAGIC.length));

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
  // AES-256-GCM with a fresh IV each time: fields and files differ only in how they are framed.
  const seal = (plain: Uint8Array) => {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return { iv, tag: cipher.getAuthTag(), body };
  };
  const open = (iv: Uint8Array, tag: Uint8Array, body: Uint8Array) => {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  };
  return {
    encrypt(plain) {
      const { iv, tag, body } = seal(Buffer.from(plain, 'utf8'));
      return ['v1', iv.toString('base64'), tag.toString('base64'), body.toString('base64')].join(
        ':',
      );
    },
    decrypt(token) {
      const [version, iv, tag, body] = token.split(':');
      if (version !== 'v1' || !iv || !tag || body === undefined)
        throw new Error('unsupported ciphertext');
      return open(
        Buffer.from(iv, 'base64'),
        Buffer.from(tag, 'base64'),
        Buffer.from(body, 'base64'),
      ).toString('utf8');
    },
    encryptBytes(plain) {
      const { iv, tag, body } = seal(plain);
      return Buffer.concat([SEALED_BYTES_MAGIC, iv, tag, body]);
    },
    decryptBytes(sealed) {
      if (!isSealedBytes(sealed)) throw new Error('unsupported ciphertext');
      const at = SEALED_BYTES_MAGIC.length;
      return open(
        sealed.subarray(at, at + IV_BYTES),
        sealed.subarray(at + IV_BYTES, at + IV_BYTES + TAG_BYTES),
        sealed.subarray(at + IV_BYTES + TAG_BYTES),
      );
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
