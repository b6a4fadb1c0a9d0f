import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/harness';
import { buildServer } from './server';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('server roles', () => {
  it('answers health with the database state and the business date', async () => {
    const res = await fetch(`${h.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', db: 'up', today: '2026-03-15' });
  });

  it('serves only /healthz for worker and scheduler processes', async () => {
    const worker = await buildServer(h.app, { logger: false, api: false });
    try {
      expect((await worker.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      expect((await worker.inject({ method: 'GET', url: '/api/v1/openapi.json' })).statusCode).toBe(
        404,
      );
      expect((await worker.inject({ method: 'POST', url: '/trpc/auth.login' })).statusCode).toBe(
        404,
      );
    } finally {
      await worker.close();
    }
  });
});
