import { afterAll, describe, expect, it } from 'vitest';
import { funders } from '../schema/index';
import { testDatabaseUrl } from './env';
import { assertLocal, createTestDatabase, type TestDatabase } from './index';

describe('createTestDatabase', () => {
  const opened: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((d) => d.dispose()));
  });

  it('gives each caller its own migrated database', async () => {
    const a = await createTestDatabase();
    const b = await createTestDatabase();
    opened.push(a, b);
    expect(a.driver).toBe(testDatabaseUrl() === undefined ? 'pglite' : 'postgres');
    await a.db.insert(funders).values({ code: 'ONLY-A', name: 'a', type: 'self' });
    expect(await a.db.select({ code: funders.code }).from(funders)).toEqual([{ code: 'ONLY-A' }]);
    expect(await b.db.select().from(funders)).toEqual([]);
  });

  it('dispose is idempotent and, on PostgreSQL, drops the database', async () => {
    const db = await createTestDatabase();
    const [{ name } = { name: '' }] = await db.sql.query<{ name: string }>(
      `SELECT current_database() AS name`,
    );
    await db.dispose();
    await db.dispose();
    await db.close();
    if (db.driver === 'postgres') {
      const probe = await createTestDatabase();
      opened.push(probe);
      expect(await probe.sql.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).toEqual(
        [],
      );
    }
  });
});

describe('assertLocal', () => {
  it.each([
    'postgres://postgres@127.0.0.1:5432/postgres',
    'postgres://u:p@localhost/db',
    'postgres://u@[::1]:5432/db',
    'postgres://u@%2Fvar%2Frun%2Fpostgresql/db',
    'postgres://u@127.0.0.1:5432,localhost:5433/db',
  ])('accepts %s', (url) => {
    expect(() => assertLocal(url)).not.toThrow();
  });

  it.each([
    'postgres://u@db.internal:5432/prod',
    'postgres://u@10.0.0.5/db',
    'postgres://u@localhost.evil.example/db',
    'postgres://u@/db',
    'postgres://u@127.0.0.1,prod-db/db',
    'postgres://u@[fe80::1]:5432/db',
  ])('refuses %s', (url) => {
    expect(() => assertLocal(url)).toThrow(/local PostgreSQL/);
  });
});
