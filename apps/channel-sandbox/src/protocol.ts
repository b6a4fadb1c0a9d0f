// The sandbox's wire protocol, both ways: JSON bodies signed with HMAC-SHA256 over
// "<timestamp>.<body>" with the merchant's shared secret. Requests carry the merchant id;
// responses and notifications are signed the same way so the engine can verify them.
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

export const HEADER_MERCHANT = 'x-sandbox-merchant';
export const HEADER_TIMESTAMP = 'x-sandbox-timestamp';
export const HEADER_SIGNATURE = 'x-sandbox-signature';
/** Requests older or newer than this are refused as replays. */
export const TIMESTAMP_WINDOW_SECONDS = 300;

// Key objects per secret: HMAC with a string secret prepares the key anew on every call.
const keys = new Map<string, KeyObject>();
function keyOf(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
}

export function sign(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', keyOf(secret)).update(`${timestamp}.${body}`).digest('hex');
}

export function verify(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
): boolean {
  const expected = Buffer.from(sign(secret, timestamp, body), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function signedHeaders(merchant: string, secret: string, body: string, nowMs = Date.now()) {
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    [HEADER_MERCHANT]: merchant,
    [HEADER_TIMESTAMP]: timestamp,
    [HEADER_SIGNATURE]: sign(secret, timestamp, body),
    'content-type': 'application/json',
  };
}

export function timestampFresh(timestamp: string, nowMs: number): boolean {
  const t = Number(timestamp);
  return Number.isInteger(t) && Math.abs(nowMs / 1000 - t) <= TIMESTAMP_WINDOW_SECONDS;
}
