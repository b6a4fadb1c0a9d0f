// The REST signature of docs/api.md: HMAC-SHA256 over METHOD\nPATH_WITH_QUERY\nTIMESTAMP\nNONCE\nSHA256_HEX(BODY).
import { createHmac } from 'node:crypto';
import { sha256Hex } from './crypto';

export interface SignatureInput {
  method: string;
  pathWithQuery: string;
  timestamp: string;
  nonce: string;
  body: string | Buffer;
}

export function canonicalRequest(input: SignatureInput): string {
  return [
    input.method.toUpperCase(),
    input.pathWithQuery,
    input.timestamp,
    input.nonce,
    sha256Hex(input.body),
  ].join('\n');
}

export function signRequest(secret: string, input: SignatureInput): string {
  return createHmac('sha256', secret).update(canonicalRequest(input)).digest('hex');
}

/** Headers for a signed call (used by tests, the CLI and example clients). */
export function signedHeaders(
  credentials: { key: string; secret: string },
  input: Omit<SignatureInput, 'timestamp' | 'nonce'> & { timestamp?: string; nonce?: string },
): Record<string, string> {
  const timestamp = input.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce =
    input.nonce ?? `n-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  return {
    'x-repay-key': credentials.key,
    'x-repay-timestamp': timestamp,
    'x-repay-nonce': nonce,
    'x-repay-signature': signRequest(credentials.secret, { ...input, timestamp, nonce }),
  };
}
