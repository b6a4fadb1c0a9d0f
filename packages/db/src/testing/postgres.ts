// PostgreSQL test databases: one migrated template database per migrations hash, created
// once (an advisory lock serialises racing test processes), then one
// `CREATE DATABASE … TEMPLATE` per test database, dropped on dispose.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type DbHandle } from '../client';
import { migrate } from '../migrate';
import { migrationsHash } from './fingerprint';

const TEMPLATE_LOCK = 7_265_370_002;

let template: Promise<string> | undefined;

export interface PostgresTestDatabase {
  handle: DbHandle;
  url: string;
  drop: () => Promise<void>;
}

export async function createPostgresTestDatabase(url: string): Promise<PostgresTestDatabase> {
  assertLocal(url);
  template ??= ensureTemplate(url).catch((error: unknown) => {
    template = undefined;
    throw error;
  });
  const source = await template;
  const name = `repay_t_${randomBytes(6).toString('hex')}`;
  await withAdmin(url, (sql) => sql.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${source}"`));
  const own = withDatabase(url, name);
  const handle = await openDatabase({ url: own, max: 4 });
  const drop = () =>
    withAdmin(url, (sql) => sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  return { handle, url: own, drop: async () => void (await drop()) };
}

/** An empty database (no migrations), for testing migrations themselves. */
export async function createEmptyPostgresDatabase(
  url: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  assertLocal(url);
  const name = `repay_e_${randomBytes(6).toString('hex')}`;
  await withAdmin(url, (sql) => sql.unsafe(`CREATE DATABASE "${name}" TEMPLATE template0`));
  return {
    url: withDatabase(url, name),
    drop: async () =>
      void (await withAdmin(url, (sql) =>
        sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      )),
  };
}

/**
 * Tests create and drop databases: never against anything but this machine. Hosts are read
 * the way postgres.js reads them (comma-separated; a socket directory is a URL-encoded path).
 */
export function assertLocal(url: string): void {
  const authority = url.slice(url.indexOf('://') + 3).split(/[?/]/)[0] ?? '';
  const hosts = decodeURIComponent(authority.slice(authority.indexOf('@') + 1))
    .split(',')
    .map((h) => (h.startsWith('[') ? h.slice(1, h.indexOf(']')) : (h.split(':')[0] ?? '')));
  const local = (h: string) => ['127.0.0.1', 'localhost', '::1'].includes(h) || h.startsWith('/');
  const bad = hosts.find((h) => !local(h));
  if (bad !== undefined) {
    throw new Error(
      `test databases only on a local PostgreSQL (127.0.0.1, localhost or a socket), not "${bad}"`,
    );
  }
}

async function ensureTemplate(url: string): Promise<string> {
  const name = `repay_tpl_${migrationsHash()}`;
  return withAdmin(url, async (sql) => {
    if (await exists(sql, name)) return name;
    await sql`SELECT pg_advisory_lock(${TEMPLATE_LOCK})`;
    try {
      if (await exists(sql, name)) return name; // another process built it meanwhile
      // Build under a temporary name and rename when complete: a crash never leaves a
      // half-migrated database under the final name.
      const building = `${name}_build`;
      await sql.unsafe(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      await sql.unsafe(`CREATE DATABASE "${building}" TEMPLATE template0`);
      const handle = await openDatabase({ url: withDatabase(url, building), max: 2 });
      try {
        await migrate(handle);
      } finally {
        await handle.close();
      }
      await retry(() => sql.unsafe(`ALTER DATABASE "${building}" RENAME TO "${name}"`));
      // Cloning fails while anyone is connected to the template: allow no one.
      await sql.unsafe(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
      // Templates of older migrations are never cloned again.
      const stale = await sql<{ datname: string }[]>`
        SELECT datname FROM pg_database WHERE datname LIKE 'repay\_tpl\_%' AND datname <> ${name}`;
      for (const { datname } of stale)
        await sql.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      return name;
    } finally {
      await sql`SELECT pg_advisory_unlock(${TEMPLATE_LOCK})`;
    }
  });
}

async function exists(sql: postgres.Sql, name: string): Promise<boolean> {
  const rows = await sql`SELECT 1 FROM pg_database WHERE datname = ${name}`;
  return rows.length > 0;
}

/** One short-lived connection to the URL's own database for CREATE/DROP DATABASE. */
async function withAdmin<T>(url: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

// A backend that just closed may still be registered for a moment ("being accessed by other users").
async function retry<T>(fn: () => Promise<T>, attempts = 20): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      if (i >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
