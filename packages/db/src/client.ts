// Client factory: one drizzle type over two drivers. PGlite (embedded PostgreSQL in WASM)
// when no URL is given, postgres.js otherwise. Both are configured so that int8 is always
// a JS bigint (see sql.ts for the raw-SQL side).
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { PGlite, types as pgliteTypes, type PGliteOptions } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema/index';
import { lockDataDir } from './data-dir-lock';
import { sqlFor, type Sql } from './sql';

export type Schema = typeof schema;
/** The drizzle database, the same type on both drivers. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A drizzle transaction (`db.transaction(async (tx) => …)`); also accepted where a `Db` is. */
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Driver = 'pglite' | 'postgres';

export interface DbHandle {
  db: Db;
  /** Raw SQL outside transactions; inside one use `sqlFor(tx)`. */
  sql: Sql;
  driver: Driver;
  /** Ends the pool / closes PGlite; safe to call twice. */
  close: () => Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres:// URL: use PostgreSQL through postgres.js. */
  url?: string;
  /** PGlite data folder (created if missing); in memory when undefined. Ignored with `url`. */
  dataDir?: string;
  /** An already created PGlite (e.g. a test clone); the handle owns it and closes it. */
  pglite?: PGlite;
  /** postgres.js pool size (default 10). `migrate` needs at least 2. */
  max?: number;
}

/**
 * The planner's price of a random page read, for our sessions: the working set is in memory
 * (or on SSD), where a random read costs about what a sequential one does. With the default
 * (4) the planner scans small tables rather than probing their indexes, and a plan made while
 * a table is small is kept as it grows: a foreign-key check on `ledger_journals`, planned by a
 * connection in the first seconds of a window, went on scanning the whole table for every
 * ledger entry (86 µs a check at 20,000 collections, 2 µs with 1.1).
 */
const RANDOM_PAGE_COST = '1.1';

const INT8 = pgliteTypes.INT8;
const INT8_ARRAY = 1016;

/**
 * PGlite options that make int8 (and int8[]) parse to bigint. PGlite's default returns a
 * `number` when the value fits, a `bigint` otherwise: a type that depends on the value.
 */
export function pgliteOptions(extra: PGliteOptions = {}): PGliteOptions {
  return {
    ...extra,
    parsers: {
      [INT8]: (v: string) => BigInt(v),
      [INT8_ARRAY]: (v: string) =>
        pgliteTypes.arrayParser(v, (x: string) => BigInt(x), INT8_ARRAY) as unknown,
      ...extra.parsers,
    },
  };
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<DbHandle> {
  if (options.url !== undefined) return openPostgres(options.url, options.max ?? 10);
  if (options.dataDir !== undefined && options.pglite === undefined) {
    // PGlite creates the folder itself but not its parents (e.g. `.data/` on a fresh checkout).
    await mkdir(dirname(resolve(options.dataDir)), { recursive: true });
  }
  const release =
    options.dataDir !== undefined && options.pglite === undefined
      ? lockDataDir(options.dataDir)
      : () => {};
  const client =
    options.pglite ??
    new PGlite(pgliteOptions(options.dataDir ? { dataDir: options.dataDir } : {}));
  try {
    await client.waitReady;
  } catch (error) {
    release();
    throw error;
  }
  // Same session time zone as the PostgreSQL connections: SQL date/time casts never
  // depend on the machine. Business dates come from the engine's clock, not from SQL.
  await client.exec(`SET TIME ZONE 'UTC'; SET random_page_cost = ${RANDOM_PAGE_COST}`);
  const db: Db = drizzlePglite({ client, schema });
  const close = once(async () => {
    await client.close();
    release();
  });
  return { db, sql: sqlFor(db), driver: 'pglite', close };
}

async function openPostgres(url: string, max: number): Promise<DbHandle> {
  const client = postgres(url, {
    max,
    types: { bigint: postgres.BigInt },
    connection: {
      TimeZone: 'UTC',
      application_name: 'repay',
      random_page_cost: RANDOM_PAGE_COST,
    },
    onnotice: () => {},
  });
  const db: Db = drizzlePostgres({ client: client as unknown as postgres.Sql, schema });
  const close = once(() => client.end({ timeout: 5 }));
  // postgres.js connects lazily; fail here (at start-up) rather than on the first request.
  await client`SELECT 1`.catch(async (error: unknown) => {
    await close();
    throw error;
  });
  return { db, sql: sqlFor(db), driver: 'postgres', close };
}

// Closing twice is harmless (a test's afterAll and a dispose may both do it).
function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}
