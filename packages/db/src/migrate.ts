// Applies the committed drizzle-kit migrations (packages/db/drizzle). Idempotent: drizzle
// records applied migrations in drizzle.__drizzle_migrations and skips them.
import { fileURLToPath } from 'node:url';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { Sql } from 'postgres';
import type { DbHandle, Schema } from './client';

/** The packaged migrations folder, wherever the package is installed or run from. */
export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

// Serialises concurrent migrators (several engine processes starting on one PostgreSQL).
const MIGRATION_LOCK = 7_265_370_001;

export async function migrate(handle: DbHandle): Promise<void> {
  const config = { migrationsFolder };
  if (handle.driver === 'pglite') {
    // One process owns a PGlite data folder: nothing to serialise.
    await migratePglite(handle.db as PgliteDatabase<Schema>, config);
    return;
  }
  // The lock lives on its own pooled connection while drizzle migrates on another.
  const db = handle.db as PostgresJsDatabase<Schema> & { $client: Sql };
  const lock = await db.$client.reserve();
  try {
    await lock`SELECT pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(db, config);
  } finally {
    await lock`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => undefined);
    lock.release();
  }
}
