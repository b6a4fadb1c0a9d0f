// API keys over their lifetime: rotation with a grace (the old secret works until it ends, then
// 401), revocation (401 at once), and the console's page for administrators only, every change
// audited with its reason. Secrets never leave the engine after they are shown once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.createLoan({ orderNo: 'KEY-1', card: undefined });
});
afterAll(() => h.close());

const getLoan = (as: { key: string; secret: string }) =>
  h.api('GET', '/api/v1/loans/KEY-1', undefined, { as });
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);

describe('rotation', () => {
  it('the old secret keeps working during the grace, and is refused after it', async () => {
    const admin = await h.callerAs('admin');
    const old = await h.apiKey();
    const rotated = await admin.apiKeys.rotate({
      keyId: old.key,
      graceHours: 24,
      reason: 'yearly rotation',
    });
    expect(rotated.secret).not.toBe(old.secret);
    const current = { key: old.key, secret: rotated.secret };
    expect((await getLoan(current)).status).toBe(200);
    expect((await getLoan(old)).status).toBe(200);
    const listed = (await admin.apiKeys.list()).find((k) => k.keyId === old.key)!;
    expect(listed.previousSecretUntil).toBe(rotated.previousSecretUntil);
    // The grace is wall-clock time (like sessions): end it in the database.
    await q(
      `update api_keys set previous_secret_expires_at = now() - interval '1 second' where key_id = $1`,
      [old.key],
    );
    const refused = await getLoan(old);
    expect([refused.status, refused.body.error.code]).toEqual([401, 'UNAUTHORIZED']);
    expect((await getLoan(current)).status).toBe(200);
    expect((await admin.apiKeys.list()).find((k) => k.keyId === old.key)!.previousSecretUntil).toBe(
      null,
    );
  });

  it('without a grace the old secret stops at once; rotating again ends the earlier grace', async () => {
    const admin = await h.callerAs('admin');
    const first = await h.apiKey();
    const second = await admin.apiKeys.rotate({
      keyId: first.key,
      graceHours: 1,
      reason: 'a' + 'b',
    });
    const third = await admin.apiKeys.rotate({ keyId: first.key, graceHours: 0, reason: 'leaked' });
    expect(third.previousSecretUntil).toBeNull();
    expect((await getLoan(first)).status).toBe(401);
    expect((await getLoan({ key: first.key, secret: second.secret })).status).toBe(401);
    expect((await getLoan({ key: first.key, secret: third.secret })).status).toBe(200);
  });
});

describe('revocation', () => {
  it('a revoked key is 401 at once, its grace secret too; it cannot be rotated or revoked again', async () => {
    const admin = await h.callerAs('admin');
    const key = await h.apiKey();
    const rotated = await admin.apiKeys.rotate({
      keyId: key.key,
      graceHours: 24,
      reason: 'yearly',
    });
    const revoked = await admin.apiKeys.revoke({ keyId: key.key, reason: 'system retired' });
    expect(revoked).toMatchObject({ status: 'revoked', previousSecretUntil: null });
    for (const secret of [key.secret, rotated.secret]) {
      const res = await getLoan({ key: key.key, secret });
      expect([res.status, res.body.error.message]).toEqual([401, 'unknown or revoked API key']);
    }
    await expect(
      admin.apiKeys.rotate({ keyId: key.key, graceHours: 1, reason: 'again' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(admin.apiKeys.revoke({ keyId: key.key, reason: 'again' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(admin.apiKeys.revoke({ keyId: 'rk_none', reason: 'typo' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('the console page', () => {
  it('is for administrators only', async () => {
    for (const role of ['finance', 'ops', 'auditor'])
      await expect((await h.callerAs(role)).apiKeys.list()).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
  });

  it('creates a key limited to funders and scopes; the secret is answered once, never listed', async () => {
    const admin = await h.callerAs('admin');
    const created = await admin.apiKeys.create({
      name: 'collections system',
      scopes: ['loans:read', 'collections:write'],
      funderCodes: ['F-TRUST-01'],
      reason: 'new collections vendor',
    });
    expect(created.key).toMatch(/^rk_[0-9a-f]{18}$/);
    expect((await getLoan(created)).status).toBe(200);
    const listed = await admin.apiKeys.list();
    expect(listed.find((k) => k.keyId === created.key)).toMatchObject({
      name: 'collections system',
      status: 'active',
      scopes: ['loans:read', 'collections:write'],
      funderCodes: ['F-TRUST-01'],
      lastUsedAt: expect.any(String),
    });
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect(JSON.stringify(listed)).not.toMatch(/secret(Enc)?"/i);
  });

  it('refuses unknown funders and scopes by field, and an empty reason', async () => {
    const admin = await h.callerAs('admin');
    const ok = {
      name: 'x',
      scopes: ['loans:read' as const],
      funderCodes: ['F-TRUST-01'],
      reason: 'because',
    };
    await expect(
      admin.apiKeys.create({ ...ok, funderCodes: ['F-TRUST-01', 'F-NOBODY'] }),
    ).rejects.toMatchObject({
      code: 'UNPROCESSABLE_CONTENT',
      cause: { field: 'funderCodes.1' },
    });
    await expect(
      admin.apiKeys.create({ ...ok, scopes: ['loans:delete' as 'loans:read'] }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(admin.apiKeys.create({ ...ok, scopes: [] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(admin.apiKeys.create({ ...ok, reason: ' ' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('audits create, rotate and revoke with the administrator and the reason', async () => {
    const admin = await h.callerAs('admin');
    const created = await admin.apiKeys.create({
      name: 'audited',
      scopes: ['loans:read'],
      funderCodes: null,
      reason: 'to be audited',
    });
    await admin.apiKeys.rotate({ keyId: created.key, graceHours: 2, reason: 'rotate it' });
    await admin.apiKeys.revoke({ keyId: created.key, reason: 'revoke it' });
    const rows = await q<{ action: string; actor_type: string; reason: string }>(
      `select action, actor_type, reason from audit_log
        where entity_type = 'api_key' and entity_id = $1 order by id`,
      [created.key],
    );
    expect(rows).toEqual([
      { action: 'api_key.create', actor_type: 'user', reason: 'to be audited' },
      { action: 'api_key.rotate', actor_type: 'user', reason: 'rotate it' },
      { action: 'api_key.revoke', actor_type: 'user', reason: 'revoke it' },
    ]);
  });
});
