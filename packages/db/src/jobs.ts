// pg-boss, the job engine (queues, cron schedules, retries) on the same database as everything
// else: PostgreSQL, or the embedded PGlite through this small adapter. pg-boss sends plain SQL;
// several statements without parameters go through the simple protocol. int8 values come back
// as numbers, the way pg-boss expects them from `pg`.
import PgBoss from 'pg-boss';
import type { DbHandle } from './client';
import { sqlFor } from './sql';

function plain(row: Record<string, unknown>) {
  for (const key of Object.keys(row)) if (typeof row[key] === 'bigint') row[key] = Number(row[key]);
  return row;
}

export type JobQueue = PgBoss;

/** pg-boss on this database handle (PostgreSQL or PGlite). Call `start()` before use. */
export function createJobQueue(database: DbHandle): PgBoss {
  return new PgBoss({
    db: {
      async executeSql(text: string, values?: unknown[]) {
        if ((!values || values.length === 0) && /;\s*\S/.test(text.trim())) {
          // A script (schema creation and migrations): pg-boss wraps it in BEGIN … COMMIT,
          // which a connection pool refuses; run its body in one transaction instead.
          const body = text.replace(/^\s*BEGIN\s*;/i, '').replace(/COMMIT\s*;?\s*$/i, '');
          await database.db.transaction((tx) => sqlFor(tx).exec(body));
          return { rows: [] };
        }
        const rows = await database.sql.query<Record<string, unknown>>(text, values ?? []);
        return { rows: rows.map(plain) };
      },
    },
    schema: 'pgboss',
    // Housekeeping every few minutes is plenty for a handful of queues.
    maintenanceIntervalSeconds: 300,
    monitorStateIntervalSeconds: 60,
  });
}
