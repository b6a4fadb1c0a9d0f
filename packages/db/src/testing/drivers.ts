// For this package's own tests: a fresh migrated database on each available driver
// (PGlite always; PostgreSQL too when DATABASE_URL is set), to compare their behaviour.
import type { Driver } from '../client';
import { testDatabaseUrl } from './env';
import { createPgliteTestDatabase } from './pglite';
import { createPostgresTestDatabase } from './postgres';
import type { TestDatabase } from './index';

export function availableDrivers(): Driver[] {
  return testDatabaseUrl() === undefined ? ['pglite'] : ['pglite', 'postgres'];
}

export async function openDriver(driver: Driver): Promise<TestDatabase> {
  if (driver === 'pglite') {
    const handle = await createPgliteTestDatabase();
    return { ...handle, dispose: () => handle.close() };
  }
  const url = testDatabaseUrl();
  if (url === undefined) throw new Error('postgres driver tests need DATABASE_URL');
  const { handle, drop, url: own } = await createPostgresTestDatabase(url);
  return {
    ...handle,
    url: own,
    dispose: async () => {
      await handle.close();
      await drop();
    },
  };
}
