// The rollups' writes: a business date built whole (its rows deleted and inserted again, its
// day row upserted) and the questions the job asks to know which dates to build.
import type { Executor } from '../../lib/executor';
import { NO_JIT } from './reports.repo';
import {
  DIMENSIONS,
  FAILURE_OUTCOMES,
  MEASURES,
  Params,
  orderFacts,
  rollupRowsOf,
} from './facts.sql';

/** How long a transaction changing orders may stay open (its updated_at is its start). */
export const UNCOMMITTED_MARGIN = '10 minutes';

/** The first and the next instant of a business date (Asia/Shanghai), as timestamptz SQL. */
/** The advisory lock space of a date's build (the second key is the date's day number). */
const ROLLUP_LOCK = 7_301;

const dayStart = (date: string) => `(${date}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`;
const dayEnd = (date: string) => `((${date}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`;

export function createRollupsRepo({ sql }: Executor) {
  return {
    /**
     * Build one date: its debit rollups, failure codes and channel health, and its day row.
     * Run in a transaction: a reader sees the date rolled up whole, or read live.
     */
    async buildDate(date: string): Promise<{ orders: number; rows: number }> {
      await sql.exec(NO_JIT);
      // Two builds of one date (two workers, a person and the schedule) take turns: the second
      // deletes what the first wrote and writes the same again.
      await sql.query(
        `SELECT pg_advisory_xact_lock(${ROLLUP_LOCK}, ($1::date - DATE '2000-01-01'))`,
        [date],
      );
      await sql.query(`DELETE FROM debit_daily_rollups WHERE business_date = $1::date`, [date]);
      await sql.query(`DELETE FROM debit_daily_failure_codes WHERE business_date = $1::date`, [
        date,
      ]);
      await sql.query(`DELETE FROM channel_daily_rollups WHERE business_date = $1::date`, [date]);
      const p = new Params();
      const day = p.add(date);
      const failures = FAILURE_OUTCOMES.map((o) => `'${o}'`).join(', ');
      const [built] = await sql.query<{ orders: number; rows: number }>(
        `WITH o AS MATERIALIZED (${orderFacts(`SELECT ${day}::date`, {}, p)}),
              sums AS (
                INSERT INTO debit_daily_rollups (${DIMENSIONS}, ${MEASURES.join(', ')})
                ${rollupRowsOf('SELECT * FROM o')}
                RETURNING 1),
              codes AS (
                INSERT INTO debit_daily_failure_codes (${DIMENSIONS}, outcome, raw_code, orders, amount)
                SELECT ${DIMENSIONS}, outcome, raw_code, count(*)::int, sum(amount)::bigint
                  FROM o WHERE outcome IN (${failures})
                 GROUP BY ${DIMENSIONS}, outcome, raw_code
                RETURNING 1),
              health AS (
                INSERT INTO channel_daily_rollups (business_date, channel_code, bank_code, attempts, successes,
                                                   borrower_failures, errors, latency_ms_sum, latency_ms_max)
                SELECT ${day}::date, channel_code, bank_code, sum(attempts)::int, sum(successes)::int,
                       sum(borrower_failures)::int, sum(errors)::int, sum(latency_ms_sum)::bigint, max(latency_ms_max)
                  FROM channel_health_buckets
                 WHERE bucket_start >= ${dayStart(day)} AND bucket_start < ${dayEnd(day)}
                 GROUP BY channel_code, bank_code
                RETURNING 1),
              marked AS (
                INSERT INTO debit_rollup_days (business_date, built_at, orders, orders_changed_at)
                SELECT ${day}::date, now(), (SELECT count(*) FROM o)::int, (SELECT max(updated_at) FROM o)
                ON CONFLICT (business_date) DO UPDATE
                   SET built_at = EXCLUDED.built_at, orders = EXCLUDED.orders,
                       orders_changed_at = EXCLUDED.orders_changed_at
                RETURNING orders)
         SELECT (SELECT orders FROM marked) AS orders,
                ((SELECT count(*) FROM sums) + (SELECT count(*) FROM codes) + (SELECT count(*) FROM health))::int AS rows`,
        p.values,
      );
      return { orders: Number(built?.orders ?? 0), rows: Number(built?.rows ?? 0) };
    },

    /** The first business date with debit orders (null before the first). */
    async firstOrderDate(): Promise<string | null> {
      const [row] = await sql.query<{ d: string | null }>(
        `SELECT min(business_date)::text AS d FROM debit_orders`,
      );
      return row?.d ?? null;
    },

    /** The dates rolled up, with when. */
    async builtDays(from: string, to: string) {
      return sql.query<{ businessDate: string; builtAt: Date; orders: number }>(
        `SELECT business_date::text AS "businessDate", built_at AS "builtAt", orders
           FROM debit_rollup_days WHERE business_date BETWEEN $1::date AND $2::date ORDER BY business_date`,
        [from, to],
      );
    },

    /**
     * Dates of [from, to] rolled up whose orders changed since: a later change than the build
     * saw (a success reversed, an answer after the build, a person's decision), or, once the
     * margin has passed, a change so close before the build that its transaction may still have
     * been open (its updated_at is its start; the build did not see it).
     */
    async changedSinceBuilt(from: string, to: string): Promise<string[]> {
      const rows = await sql.query<{ d: string }>(
        `SELECT x.business_date::text AS d
           FROM (SELECT business_date, max(updated_at) AS changed FROM debit_orders
                  WHERE business_date BETWEEN $1::date AND $2::date GROUP BY business_date) x
           JOIN debit_rollup_days y ON y.business_date = x.business_date
          WHERE x.changed > coalesce(y.orders_changed_at, '-infinity')
             OR (x.changed > y.built_at - interval '${UNCOMMITTED_MARGIN}'
                 AND y.built_at < now() - interval '${UNCOMMITTED_MARGIN}')
          ORDER BY 1`,
        [from, to],
      );
      return rows.map((r) => r.d);
    },
  };
}

export type RollupsRepo = ReturnType<typeof createRollupsRepo>;
