// The dashboards' reads (报表): each one statement over the rollups of the dates built and the
// live rows of the others (facts.sql.ts), grouped once for every breakdown (GROUPING SETS).
import { sqlFor } from '@repay/db';
import type { Executor } from '../../lib/executor';
import { bigintOf } from '../../lib/rows';
import {
  MEASURES,
  OUTCOME_COLUMNS,
  Params,
  factsCtes,
  liveDatesCte,
  type FactsRange,
} from './facts.sql';

export type Dimension =
  | 'day'
  | 'window'
  | 'channel'
  | 'bank'
  | 'funder'
  | 'product'
  | 'line'
  | 'retry'
  | 'total'
  /** The statement's own sets, summed into the ones above: funder, product and line together; */
  | 'ref'
  /** channel and bank; */
  | 'route'
  /** window and first attempt or retry. */
  | 'slot';

/** Orders and fen of each outcome, and the successes' fees, of one group. */
export interface Sums {
  outcomes: Record<string, { orders: number; amount: bigint }>;
  fee: bigint;
}

export interface CollectionsRow extends Sums {
  dim: Dimension;
  businessDate: string | null;
  window: string | null;
  channelCode: string | null;
  bankCode: string | null;
  funderCode: string | null;
  funderName: string | null;
  productCode: string | null;
  productName: string | null;
  businessLine: string | null;
  retry: boolean | null;
}

export interface HealthRow {
  businessDate: string | null;
  channelCode: string;
  attempts: number;
  successes: number;
  borrowerFailures: number;
  errors: number;
  latencyMsSum: number;
  latencyMsMax: number;
}

/** A channel's health in one hour (0–23, Asia/Shanghai) of a date. */
export interface HourRow extends HealthRow {
  hour: number;
}

const summed = MEASURES.map((m) => `sum(${m})::bigint AS ${m}`).join(', ');

function sumsOf(r: Record<string, unknown>): Sums {
  const outcomes: Sums['outcomes'] = {};
  for (const { outcome, prefix } of OUTCOME_COLUMNS)
    outcomes[outcome] = {
      orders: Number(r[`${prefix}_orders`] ?? 0),
      amount: bigintOf(r[`${prefix}_amount`] ?? 0),
    };
  return { outcomes, fee: bigintOf(r.fee ?? 0) };
}

const NO_LABELS = {
  businessDate: null,
  window: null,
  channelCode: null,
  bankCode: null,
  funderCode: null,
  funderName: null,
  productCode: null,
  productName: null,
  businessLine: null,
  retry: null,
};

/** The rows of one set summed per value of one of its dimensions (`labels`: that value's). */
function sumBy(
  rows: CollectionsRow[],
  set: Dimension,
  dim: Dimension,
  labels: (r: CollectionsRow) => Partial<CollectionsRow>,
): CollectionsRow[] {
  const out = new Map<string, CollectionsRow>();
  for (const r of rows) {
    if (r.dim !== set) continue;
    const label = labels(r);
    const key = JSON.stringify(label);
    const sum = out.get(key);
    if (!sum) {
      out.set(key, {
        ...NO_LABELS,
        ...label,
        dim,
        fee: r.fee,
        outcomes: Object.fromEntries(Object.entries(r.outcomes).map(([o, v]) => [o, { ...v }])),
      });
      continue;
    }
    sum.fee += r.fee;
    for (const [o, v] of Object.entries(r.outcomes)) {
      const into = (sum.outcomes[o] ??= { orders: 0, amount: 0n });
      into.orders += v.orders;
      into.amount += v.amount;
    }
  }
  return [...out.values()];
}

/** The first and the next instant of a business date (Asia/Shanghai), as timestamptz SQL. */
const dayStart = (date: string) => `(${date}::timestamp AT TIME ZONE 'Asia/Shanghai')`;
const dayEnd = (date: string) => `((${date} + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`;

/**
 * A dashboard statement runs without JIT: its cost (a day's orders, tens of thousands) is above
 * PostgreSQL's JIT threshold, and compiling it took 0.5–1 s where running it takes tens of ms.
 */
export const NO_JIT = 'SET LOCAL jit = off';

export function createReportsRepo({ db }: Executor) {
  const sql = {
    query: <T extends object>(text: string, params: unknown[]) =>
      db.transaction(async (tx) => {
        const t = sqlFor(tx);
        await t.exec(NO_JIT);
        return t.query<T>(text, params);
      }),
  };
  return {
    /**
     * Every breakdown of the collections dashboard, from one pass over the facts, and the
     * failures per outcome and raw code (rows of dim 'code'): one statement, today's orders
     * read once for both.
     */
    async collections(range: FactsRange) {
      const p = new Params();
      const rows = await sql.query<Record<string, unknown>>(
        `WITH ${factsCtes(range, p, { failures: true })}
         SELECT g.*, f.code AS funder_code, f.name AS funder_name, pr.code AS product_code, pr.name AS product_name
           FROM (SELECT CASE WHEN GROUPING(business_date) = 0 THEN 'day' WHEN GROUPING(funder_id) = 0 THEN 'ref'
                             WHEN GROUPING(channel_code) = 0 THEN 'route' WHEN GROUPING("window") = 0 THEN 'slot'
                             ELSE 'total' END AS dim,
                        business_date::text AS business_date, "window", channel_code, bank_code, funder_id, product_id,
                        business_line, retry, ${summed}, NULL::text AS outcome, NULL::text AS raw_code,
                        NULL::bigint AS code_orders, NULL::bigint AS code_amount
                   FROM facts
                  GROUP BY GROUPING SETS ((business_date), (funder_id, product_id, business_line),
                                          (channel_code, bank_code), ("window", retry), ())
                 UNION ALL
                 SELECT 'code', NULL, NULL, NULL, NULL, NULL::bigint, NULL::bigint, NULL, NULL::boolean,
                        ${MEASURES.map((m) => `NULL::bigint AS ${m}`).join(', ')}, outcome, raw_code,
                        sum(orders)::bigint, sum(amount)::bigint
                   FROM failures GROUP BY outcome, raw_code) g
           LEFT JOIN funders f ON f.id = g.funder_id
           LEFT JOIN products pr ON pr.id = g.product_id`,
        p.values,
      );
      const codes = rows
        .filter((r) => r.dim === 'code')
        .map((r) => ({
          outcome: r.outcome as string,
          rawCode: r.raw_code as string,
          orders: Number(r.code_orders),
          amount: bigintOf(r.code_amount),
        }))
        .sort(
          (a, b) =>
            b.orders - a.orders ||
            (a.outcome < b.outcome ? -1 : a.outcome > b.outcome ? 1 : 0) ||
            (a.rawCode < b.rawCode ? -1 : a.rawCode > b.rawCode ? 1 : 0),
        );
      const grouped = rows
        .filter((r) => r.dim !== 'code')
        .map((r): CollectionsRow => ({
          dim: r.dim as Dimension,
          businessDate: (r.business_date as string | null) ?? null,
          window: (r.window as string | null) ?? null,
          channelCode: (r.channel_code as string | null) ?? null,
          bankCode: (r.bank_code as string | null) ?? null,
          funderCode: (r.funder_code as string | null) ?? null,
          funderName: (r.funder_name as string | null) ?? null,
          productCode: (r.product_code as string | null) ?? null,
          productName: (r.product_name as string | null) ?? null,
          businessLine: (r.business_line as string | null) ?? null,
          retry: (r.retry as boolean | null) ?? null,
          ...sumsOf(r),
        }));
      // Few sets of a few dimensions each (a few dozen rows), each dimension's breakdown summed
      // here: every grouping set costs the statement a pass over the facts.
      const breakdowns = [
        ...grouped.filter((r) => r.dim === 'day' || r.dim === 'total'),
        ...sumBy(grouped, 'slot', 'window', (r) => ({ window: r.window })),
        ...sumBy(grouped, 'slot', 'retry', (r) => ({ retry: r.retry })),
        ...sumBy(grouped, 'route', 'channel', (r) => ({ channelCode: r.channelCode })),
        ...sumBy(grouped, 'route', 'bank', (r) => ({ bankCode: r.bankCode })),
        ...sumBy(grouped, 'ref', 'funder', (r) => ({
          funderCode: r.funderCode,
          funderName: r.funderName,
        })),
        ...sumBy(grouped, 'ref', 'product', (r) => ({
          productCode: r.productCode,
          productName: r.productName,
        })),
        ...sumBy(grouped, 'ref', 'line', (r) => ({ businessLine: r.businessLine })),
      ];
      return { breakdowns, codes };
    },

    /** Orders, amounts and fees per channel, per date and over the range. */
    async channelVolume(range: FactsRange) {
      const p = new Params();
      const rows = await sql.query<Record<string, unknown>>(
        `WITH ${factsCtes(range, p)}
         SELECT business_date::text AS business_date, channel_code, ${summed}
           FROM facts GROUP BY GROUPING SETS ((business_date, channel_code), (channel_code))`,
        p.values,
      );
      return rows.map((r) => ({
        businessDate: (r.business_date as string | null) ?? null,
        channelCode: r.channel_code as string,
        ...sumsOf(r),
      }));
    },

    /**
     * Channel health per channel, per date and over the range: the rolled-up dates from
     * channel_daily_rollups, the others from their 10-second buckets.
     */
    async channelHealth(range: FactsRange): Promise<HealthRow[]> {
      const p = new Params();
      const live = liveDatesCte(range, p);
      const bucketWhere: string[] = [];
      const rollupWhere: string[] = [];
      if (range.scope.channel) {
        const c = p.add(range.scope.channel);
        bucketWhere.push(`b.channel_code = ${c}`);
        rollupWhere.push(`r.channel_code = ${c}`);
      }
      if (range.scope.bank) {
        const b = p.add(range.scope.bank);
        bucketWhere.push(`b.bank_code = ${b}`);
        rollupWhere.push(`r.bank_code = ${b}`);
      }
      const liveBuckets = `SELECT x.d AS business_date, b.channel_code, b.attempts, b.successes, b.borrower_failures,
                                  b.errors, b.latency_ms_sum, b.latency_ms_max
                             FROM unnest((SELECT dates FROM live)::date[]) x(d)
                             JOIN channel_health_buckets b
                               ON b.bucket_start >= ${dayStart('x.d')} AND b.bucket_start < ${dayEnd('x.d')}
                                  ${bucketWhere.map((w) => `AND ${w}`).join(' ')}`;
      const rolled = range.useRollups
        ? `SELECT r.business_date, r.channel_code, r.attempts, r.successes, r.borrower_failures, r.errors,
                  r.latency_ms_sum, r.latency_ms_max
             FROM channel_daily_rollups r
            WHERE ${[`r.business_date BETWEEN ${p.add(range.from)}::date AND ${p.add(range.to)}::date`, ...rollupWhere].join(' AND ')}
           UNION ALL `
        : '';
      const rows = await sql.query<Record<string, unknown>>(
        `WITH ${live}, h AS (${rolled}${liveBuckets})
         SELECT business_date::text AS business_date, channel_code, sum(attempts)::bigint AS attempts,
                sum(successes)::bigint AS successes, sum(borrower_failures)::bigint AS borrower_failures,
                sum(errors)::bigint AS errors, sum(latency_ms_sum)::bigint AS latency_ms_sum,
                max(latency_ms_max)::int AS latency_ms_max
           FROM h GROUP BY GROUPING SETS ((business_date, channel_code), (channel_code))`,
        p.values,
      );
      return rows.map((r) => ({
        businessDate: (r.business_date as string | null) ?? null,
        channelCode: r.channel_code as string,
        attempts: Number(r.attempts),
        successes: Number(r.successes),
        borrowerFailures: Number(r.borrower_failures),
        errors: Number(r.errors),
        latencyMsSum: Number(r.latency_ms_sum),
        latencyMsMax: Number(r.latency_ms_max ?? 0),
      }));
    },

    /** Channel health per hour (Asia/Shanghai) of one date, per channel: its 10-second buckets summed. */
    async channelHours(
      date: string,
      scope: { channel?: string; bank?: string },
    ): Promise<HourRow[]> {
      const p = new Params();
      const d = `${p.add(date)}::date`;
      const where = [`b.bucket_start >= ${dayStart(d)}`, `b.bucket_start < ${dayEnd(d)}`];
      if (scope.channel) where.push(`b.channel_code = ${p.add(scope.channel)}`);
      if (scope.bank) where.push(`b.bank_code = ${p.add(scope.bank)}`);
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT extract(hour FROM b.bucket_start AT TIME ZONE 'Asia/Shanghai')::int AS hour, b.channel_code,
                sum(b.attempts)::bigint AS attempts, sum(b.successes)::bigint AS successes,
                sum(b.borrower_failures)::bigint AS borrower_failures, sum(b.errors)::bigint AS errors,
                sum(b.latency_ms_sum)::bigint AS latency_ms_sum, max(b.latency_ms_max)::int AS latency_ms_max
           FROM channel_health_buckets b WHERE ${where.join(' AND ')}
          GROUP BY 1, 2 ORDER BY 1, 2`,
        p.values,
      );
      return rows.map((r) => ({
        hour: Number(r.hour),
        businessDate: date,
        channelCode: r.channel_code as string,
        attempts: Number(r.attempts),
        successes: Number(r.successes),
        borrowerFailures: Number(r.borrower_failures),
        errors: Number(r.errors),
        latencyMsSum: Number(r.latency_ms_sum),
        latencyMsMax: Number(r.latency_ms_max ?? 0),
      }));
    },

    /** The circuit breaker's moves (audited) over the range's days, latest first. */
    async circuitEvents(from: string, to: string, channel: string | undefined, limit: number) {
      const p = new Params();
      const where = [
        `entity_type = 'channel'`,
        `action = 'channel.circuit'`,
        `created_at >= ${dayStart(`${p.add(from)}::date`)}`,
        `created_at < ${dayEnd(`${p.add(to)}::date`)}`,
      ];
      if (channel) where.push(`entity_id = ${p.add(channel)}`);
      return sql.query<{
        channel: string;
        at: Date;
        from: string | null;
        to: string | null;
        reason: string | null;
        actorType: string;
      }>(
        `SELECT entity_id AS channel, created_at AS at, diff->'circuit'->>'from' AS "from",
                diff->'circuit'->>'to' AS "to", reason, actor_type AS "actorType"
           FROM audit_log WHERE ${where.join(' AND ')}
          ORDER BY created_at DESC, id DESC LIMIT ${p.add(limit)}`,
        p.values,
      );
    },

    /** Which dates of the range are rolled up, and when. */
    builtDays: (from: string, to: string) =>
      sql.query<{ businessDate: string; builtAt: Date }>(
        `SELECT business_date::text AS "businessDate", built_at AS "builtAt"
           FROM debit_rollup_days WHERE business_date BETWEEN $1::date AND $2::date ORDER BY business_date`,
        [from, to],
      ),
  };
}

export type ReportsRepo = ReturnType<typeof createReportsRepo>;
