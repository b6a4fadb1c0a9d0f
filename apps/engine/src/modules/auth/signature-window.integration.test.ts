// The REST replay window is the wall clock's: a pinned business clock (here the harness's, months
// away from today) never widens it, and a nonce is kept while its call could still be accepted.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signedHeaders } from '../../lib/api-signature';
import { startHarness, type Harness } from '../../testing/harness';
import { NONCE_RETENTION_MS, SIGNATURE_WINDOW_SECONDS } from './api-keys.service';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(() => h.close());
afterEach(() => {
  vi.useRealTimers();
});

const path = '/api/v1/loans/NO-SUCH-LOAN';
async function call(timestampSeconds: number, nonce: string) {
  const headers = signedHeaders(h.credentials, {
    method: 'GET',
    pathWithQuery: path,
    body: '',
    timestamp: String(timestampSeconds),
    nonce,
  });
  const res = await fetch(h.baseUrl + path, { headers });
  return { status: res.status, body: (await res.json()) as { error: { message: string } } };
}

const wallSeconds = () => Math.floor(Date.now() / 1000);

describe('the signature window', () => {
  it('follows the wall clock, not the pinned business clock', async () => {
    const pinned = Math.floor(h.clock.now().getTime() / 1000);
    expect(Math.abs(pinned - wallSeconds())).toBeGreaterThan(SIGNATURE_WINDOW_SECONDS);
    const atPinned = await call(pinned, 'n-pinned');
    expect(atPinned.status).toBe(401);
    expect(atPinned.body.error.message).toBe('X-Repay-Timestamp is stale or malformed');
    // Authenticated: the loan simply does not exist.
    expect((await call(wallSeconds(), 'n-wall')).status).toBe(404);
    expect((await call(wallSeconds() + SIGNATURE_WINDOW_SECONDS - 5, 'n-ahead')).status).toBe(404);
    expect((await call(wallSeconds() - SIGNATURE_WINDOW_SECONDS - 5, 'n-late')).status).toBe(401);
  });

  it('keeps a nonce as long as its timestamp can be accepted (pruning waits two windows)', async () => {
    expect(NONCE_RETENTION_MS).toBe(2 * SIGNATURE_WINDOW_SECONDS * 1000);
    vi.useFakeTimers({ toFake: ['Date'] });
    const sent = Date.now();
    // Signed a little less than a window ahead (a client clock running fast): accepted now…
    const ahead = Math.floor(sent / 1000) + SIGNATURE_WINDOW_SECONDS - 10;
    expect((await call(ahead, 'n-replayed')).status).toBe(404);
    // …and still fresh almost two windows after it was first seen: the nonce must be there.
    vi.setSystemTime(sent + (2 * SIGNATURE_WINDOW_SECONDS - 30) * 1000);
    await h.app.services.apiKeys.pruneNonces();
    const replay = await call(ahead, 'n-replayed');
    expect(replay.status).toBe(401);
    expect(replay.body.error.message).toBe('nonce already used');
    // Once no timestamp it could carry is fresh, it goes.
    vi.setSystemTime(sent + NONCE_RETENTION_MS + 1000);
    expect(await h.app.services.apiKeys.pruneNonces()).toBeGreaterThan(0);
    expect(await h.count(`api_nonces where nonce = 'n-replayed'`)).toBe(0);
  });
});
