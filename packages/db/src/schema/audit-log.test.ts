// The audit log is append-only (migration audit_log_append_only): entries are added, never
// edited or removed, on both drivers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgError, PG_RESTRICT_VIOLATION } from '../errors';
import { availableDrivers, openDriver } from '../testing/drivers';
import type { TestDatabase } from '../testing/index';

describe.each(availableDrivers())('audit_log on %s', (driver) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openDriver(driver);
    await db.sql.query(
      `INSERT INTO audit_log (actor_type, actor_id, action, entity_type, entity_id, reason)
       VALUES ('user', '1', 'user.disable', 'user', '2', 'left the company')`,
    );
  });
  afterAll(async () => {
    await db.dispose();
  });

  it('takes new entries', async () => {
    await db.sql.query(
      `INSERT INTO audit_log (actor_type, actor_id, action, entity_type, entity_id)
       VALUES ('system', 'cli', 'api_key.create', 'api_key', 'rk_1')`,
    );
    const [row] = await db.sql.query<{ n: bigint }>(`SELECT count(*)::bigint AS n FROM audit_log`);
    expect(row?.n).toBe(2n);
  });

  it.each([
    [`UPDATE audit_log SET reason = 'rewritten'`],
    ['DELETE FROM audit_log'],
    ['TRUNCATE audit_log'],
    // Even a statement that matches no row fails.
    ['DELETE FROM audit_log WHERE false'],
  ])('is append-only: %s raises', async (statement) => {
    const error = await db.sql.query(statement).catch((e: unknown) => e);
    expect(pgError(error)).toMatchObject({ code: PG_RESTRICT_VIOLATION });
    expect(pgError(error)?.message).toMatch(/append-only/);
    const [row] = await db.sql.query<{ reason: string }>(
      `SELECT reason FROM audit_log WHERE action = 'user.disable'`,
    );
    expect(row?.reason).toBe('left the company');
  });
});
