// The one raw-SQL door. Both drivers return the same JS values:
//   int8 → bigint, numeric → string, date → 'YYYY-MM-DD', timestamptz/timestamp → Date,
//   json/jsonb → parsed value, arrays of those → arrays of the same; rows are plain objects.
// Parameters: bigint, number, string, boolean, null, Date (sent as ISO text), arrays of
// those (for `unnest($1::bigint[], …)` batch writes) and plain objects (sent as JSON text;
// pass a JSON *array* for a json parameter as JSON.stringify(…) text yourself).
import {
  types as pgliteTypes,
  type Transaction as PgliteTx,
  type PGlite,
} from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { once } from 'node:events';
import type postgres from 'postgres';

export interface Sql {
  /** One statement with `$1…$n` parameters; returns its rows. */
  query: <T extends object = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ) => Promise<T[]>;
  /** Several `;`-separated statements, no parameters (simple protocol); returns nothing. */
  exec: (text: string) => Promise<void>;
  /**
   * `COPY … FROM STDIN` (text format) on this executor's connection, inside its transaction if
   * it is one: rows go to the server as they are written, so it stores them while the caller
   * prepares the next. PostgreSQL (postgres.js) only; undefined on PGlite.
   */
  copyIn?: (statement: string) => Promise<CopyIn>;
}

/** A COPY in progress (`Sql.copyIn`). */
export interface CopyIn {
  /** Rows as COPY text (values escaped with `copyText`, tab-separated, one `\n` each). */
  write(rows: string): Promise<void>;
  /** The last rows are sent; resolves once the server has stored them all, else rejects. */
  end(): Promise<void>;
  /** Stops the COPY: the server refuses the statement (and so its transaction). */
  abort(reason: Error): Promise<void>;
}

const COPY_SPECIAL = /[\\\t\n\r]/;

/** A text value as COPY's text format writes it (null is `\N`). */
export function copyText(value: string | null): string {
  if (value === null) return '\\N';
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

// Any drizzle database or transaction (Db and Tx from client.ts are both one of these).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Executor = PgDatabase<PgQueryResultHKT, any, any>;

type PgliteClient = PGlite | PgliteTx;
type PostgresClient = postgres.Sql | postgres.TransactionSql;

const OID = {
  int8: 20,
  int8Array: 1016,
  date: 1082,
  dateArray: 1182,
  timestamp: 1114,
  timestampArray: 1115,
  timestamptz: 1184,
  timestamptzArray: 1185,
  numericArray: 1231,
} as const;

const toBigInt = (v: string) => BigInt(v);
const toDate = (v: string) => new Date(v);
const text = (v: string) => v;
const arrayOf = (element: (v: string) => unknown, oid: number) => (v: string) =>
  pgliteTypes.arrayParser(v, element, oid) as unknown;

/**
 * Text-to-value parsers by type OID for the types where the drivers disagree or drizzle
 * changed a driver's default (drizzle makes postgres.js return dates and timestamps as text
 * for its own mapping; PGlite returns int8 as number-or-bigint and dates as Date).
 */
const PARSERS: Record<number, (v: string) => unknown> = {
  [OID.int8]: toBigInt,
  [OID.int8Array]: arrayOf(toBigInt, OID.int8Array),
  [OID.date]: text,
  [OID.dateArray]: arrayOf(text, OID.dateArray),
  [OID.timestamp]: toDate,
  [OID.timestampArray]: arrayOf(toDate, OID.timestampArray),
  [OID.timestamptz]: toDate,
  [OID.timestamptzArray]: arrayOf(toDate, OID.timestamptzArray),
  [OID.numericArray]: arrayOf(text, OID.numericArray),
};

/** The raw-SQL door for a database or a transaction: `sqlFor(tx).query(…)` inside `db.transaction`. */
export function sqlFor(executor: Executor): Sql {
  const client = driverClient(executor);
  return isPostgresJs(client) ? postgresSql(client) : pgliteSql(client);
}

// Drizzle keeps the driver client (or the transaction's connection) on its session. The
// field is not in drizzle's public types; tests pin this for both drivers.
function driverClient(executor: Executor): PgliteClient | PostgresClient {
  const session = executor._.session as unknown as { client?: PgliteClient | PostgresClient };
  if (!session.client) throw new Error('sqlFor: not a drizzle PGlite or postgres.js database');
  return session.client;
}

function isPostgresJs(client: PgliteClient | PostgresClient): client is PostgresClient {
  return typeof (client as Partial<postgres.Sql>).unsafe === 'function';
}

function pgliteSql(client: PgliteClient): Sql {
  return {
    async query<T extends object>(sqlText: string, params: readonly unknown[] = []) {
      const result = await client.query<T>(sqlText, params.map(toParam), { parsers: PARSERS });
      return result.rows;
    },
    async exec(sqlText: string) {
      await client.exec(sqlText);
    },
  };
}

function postgresSql(client: PostgresClient): Sql {
  return {
    async query<T extends object>(sqlText: string, params: readonly unknown[] = []) {
      // Prepared (named, per connection): `unsafe` otherwise parses every statement anew and
      // waits a round trip for its parameter types before it can send the values. The texts
      // are fixed strings, so each connection prepares a bounded set.
      const result = await client.unsafe(
        sqlText,
        params.map(toParam) as postgres.ParameterOrJSON<never>[],
        { prepare: true },
      );
      return normaliseRows(result) as T[];
    },
    async exec(sqlText: string) {
      await client.unsafe(sqlText).simple();
    },
    copyIn: (statement: string) => copyIn(client, statement),
  };
}

/**
 * postgres.js's COPY stream, with an end that always answers. Its stream reports success
 * when the server confirms the COPY, but an error the server finds after the last row was
 * sent (a check on the rows it still held, a foreign key checked at the statement's end)
 * reaches no one, and the stream waits for ever. So the end is confirmed by a query sent
 * behind the COPY on the same connection: it runs once the COPY is over, and fails if the COPY
 * did (its transaction is then aborted). It may be sent only once the stream has handed over
 * its end (its `_final`): before, postgres.js refuses it, and a refused query fails the whole
 * transaction it belongs to.
 */
async function copyIn(client: PostgresClient, statement: string): Promise<CopyIn> {
  const stream = await client.unsafe(statement).writable();
  let failed: Error | null = null;
  const handedOver = new Promise<void>((resolve, reject) => {
    const final = stream._final.bind(stream);
    stream._final = (callback) => {
      final(callback);
      resolve();
    };
    stream.on('error', (error: Error) => {
      failed ??= error;
      reject(error);
    });
  });
  handedOver.catch(() => {}); // awaited by end(); an abort may come first
  return {
    async write(rows: string) {
      if (failed) throw failed;
      if (!stream.write(rows)) await once(stream, 'drain');
    },
    async end() {
      if (failed) throw failed;
      stream.end();
      await handedOver;
      try {
        await client.unsafe('SELECT 1');
      } catch (error) {
        throw failed ?? new Error(`${statement}: refused by the server`, { cause: error });
      }
    },
    async abort(reason: Error) {
      failed ??= reason;
      // The stream tells the server to stop at once (CopyFail; after a refused end the COPY
      // is over already); the connection is free for the rollback once the server answered.
      if (!stream.destroyed && !stream.writableEnded) stream.destroy(reason);
      await client.unsafe('SELECT 1').catch(() => {});
    },
  };
}

// postgres.js already gives bigint (int8 type configured in client.ts) and parsed JSON; the
// columns drizzle switched to raw text are parsed here, by the column's type OID.
function normaliseRows(result: postgres.RowList<postgres.Row[]>): Record<string, unknown>[] {
  const fix = (result.columns ?? []).filter(
    (c) => PARSERS[c.type] !== undefined && c.type !== OID.int8,
  );
  const rows = Array.from(result) as Record<string, unknown>[];
  if (fix.length === 0) return rows;
  for (const row of rows) {
    for (const column of fix) {
      const value = row[column.name];
      if (typeof value === 'string') row[column.name] = PARSERS[column.type]!(value);
    }
  }
  return rows;
}

function toParam(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  // Arrays go as array literals ('{"1","2"}') of unknown type, so the server types them
  // from the query (`$1::bigint[]`). Both drivers' own array serialisers are unusable here:
  // postgres.js declares a bigint[] as bigint, and drizzle turned off its date[] serialiser.
  if (Array.isArray(value)) return arrayLiteral(value);
  if (isPlainObject(value)) return toJson(value);
  return value;
}

const NEEDS_ESCAPE = /["\\]/;

// Built as one string: batch writes send arrays of thousands of elements. Numbers need no
// quotes; a string is escaped only when it holds a quote or a backslash.
function arrayLiteral(values: readonly unknown[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    if (v === null || v === undefined) out += 'NULL';
    else if (typeof v === 'bigint' || typeof v === 'number') out += String(v);
    else if (Array.isArray(v)) out += arrayLiteral(v);
    else {
      const text = elementText(v);
      out += `"${NEEDS_ESCAPE.test(text) ? text.replace(/["\\]/g, '\\$&') : text}"`;
    }
  }
  return `${out}}`;
}

function elementText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  return toJson(v);
}

/**
 * Values for one jsonb column of a batch write, as one parameter: `jsonb_array_elements($n::jsonb)`
 * beside the `unnest` of the other columns in `ROWS FROM (…)`. A `jsonb[]` literal would escape
 * every quote of every element (measured: about twice the CPU, both sides, for a chunk's rows).
 * A null or undefined element arrives as JSON null, not SQL NULL: `NULLIF(col, 'null')`.
 */
export const jsonArray = (values: readonly unknown[]): string => toJson(values);

const toJson = (value: unknown) =>
  JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
