// The console's error contract over real HTTP: codes, the field named, nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_ORIGIN, startHarness, type Harness } from '../testing/harness';

let h: Harness;
let cookie = '';
beforeAll(async () => {
  h = await startHarness();
  const res = await fetch(`${h.baseUrl}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: CONSOLE_ORIGIN },
    body: JSON.stringify({ username: 'pm', password: 'repay123' }),
  });
  cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
});
afterAll(() => h.close());

async function mutate(path: string, input: unknown, withCookie = true) {
  const res = await fetch(`${h.baseUrl}/trpc/${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: CONSOLE_ORIGIN,
      ...(withCookie ? { cookie } : {}),
    },
    body: JSON.stringify(input),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      error?: {
        message: string;
        data: { code: string; field: string | null; appCode: string | null };
      };
    },
  };
}

describe('tRPC errors', () => {
  it('sets an httpOnly session cookie on login', () => {
    expect(cookie).toMatch(/^repay_session=/);
  });

  it('names the invalid field and writes nothing', async () => {
    const before = await h.count('funders');
    const res = await mutate('funders.create', { code: 'bad code', name: 'x', type: 'bank' });
    expect(res.status).toBe(400);
    expect(res.body.error?.data).toMatchObject({
      code: 'BAD_REQUEST',
      field: 'code',
      appCode: 'VALIDATION_FAILED',
    });
    expect(res.body.error?.message).toContain('code');
    expect(await h.count('funders')).toBe(before);
  });

  it('answers 401 without a session and 409 for a duplicate code', async () => {
    expect(
      (await mutate('funders.create', { code: 'F-X-01', name: 'x', type: 'bank' }, false)).status,
    ).toBe(401);
    const dup = await mutate('funders.create', { code: 'F-TRUST-01', name: 'x', type: 'trust' });
    expect(dup.status).toBe(409);
    expect(dup.body.error?.data).toMatchObject({ appCode: 'CONFLICT', field: 'code' });
  });

  it('never leaks a stack trace', async () => {
    const res = await mutate('products.update', { code: 'NOPE-01', name: 'x' });
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toContain('stack');
  });
});
