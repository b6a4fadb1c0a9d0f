// Test databases: `const db = await createTestDatabase()` in `beforeAll`, `db.dispose()` in
// `afterAll`. Each call gives a fresh, fully migrated database of its own. PGlite by default;
// a local PostgreSQL when DATABASE_URL is set.
import type { DbHandle } from '../client';
import { openDriver } from './drivers';
import { testDatabaseUrl } from './env';

export type TestDatabase = DbHandle & {
  /** PostgreSQL only: its URL, for a second process-like handle on the same database. */
  url?: string;
  /** Close the connections and remove the database (safe to call twice). */
  dispose: () => Promise<void>;
};

export async function createTestDatabase(): Promise<TestDatabase> {
  const db = await openDriver(testDatabaseUrl() === undefined ? 'pglite' : 'postgres');
  let disposed: Promise<void> | undefined;
  return { ...db, dispose: () => (disposed ??= db.dispose()) };
}

export { assertLocal } from './postgres';
export { migrationsHash } from './fingerprint';
export { testDatabaseUrl } from './env';
