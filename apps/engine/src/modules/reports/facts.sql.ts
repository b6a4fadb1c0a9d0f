// The debit facts every report reads: one row per (date, funder, product, business line,
// channel, bank, window, first attempt or retry) with the orders and amounts of each outcome and
// the successes' channel fees. Rolled-up dates come from debit_daily_rollups; the others (today,
// a date not built yet) are read live from debit_orders, order by order, with the same
// expressions the rollup is built with (`orderFacts`), so both halves count alike.
import { DEBIT_OUTCOMES, type BusinessLine, type DebitOutcome } from '@repay/rules';
import { debitOutcomeOf, debitRetryOf } from '../../lib/status-sql';

/** Which orders a report counts, besides its dates. */
export interface ReportScope {
  funderCode?: string;
  productCode?: string;
  businessLine?: BusinessLine;
  channel?: string;
  bank?: string;
  window?: string;
}

/** Positional parameters of one statement: `p.add(v)` is `$n`. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The column prefix of each outcome's orders and amount (`success_orders`, `success_amount`). */
export const OUTCOME_COLUMNS = DEBIT_OUTCOMES.map((o) => ({ outcome: o, prefix: o }));

export const FAILURE_OUTCOMES = [
  'fail_funds',
  'fail_card',
  'fail_request',
  'fail_other',
] as const satisfies readonly DebitOutcome[];

export const DIMENSIONS = `business_date, funder_id, product_id, business_line, channel_code, bank_code, "window", retry`;
export const MEASURES = [
  ...OUTCOME_COLUMNS.flatMap((o) => [`${o.prefix}_orders`, `${o.prefix}_amount`]),
  'fee',
];

/**
 * What the channel charges on a success: its fee rule (per mille of the amount rounded down,
 * at least minFen, at most maxFen), else its cost per transaction; `ch` is the channel's alias.
 */
const feeOf = (d: string, ch: string) =>
  `CASE WHEN ${d}.status <> 'succeeded' OR ${ch}.code IS NULL THEN 0::bigint
        WHEN ${ch}.per_mille IS NULL THEN ${ch}.cost_per_txn_fen
        ELSE LEAST(${ch}.max_fen, GREATEST(${ch}.min_fen, floor(${d}.amount * ${ch}.per_mille / 1000)::bigint)) END`;

/** Each channel's fee rule as columns (read once per statement, not once per order). */
const CHANNEL_FEES = `(SELECT code, cost_per_txn_fen, (fee_rule->>'perMille')::numeric AS per_mille,
                              (fee_rule->>'minFen')::bigint AS min_fen, (fee_rule->>'maxFen')::bigint AS max_fen
                         FROM channels)`;

/** Conditions of the scope over the order (d): it carries every dimension (migration 0047). */
function orderScope(scope: ReportScope, p: Params): string[] {
  const where: string[] = [];
  if (scope.funderCode)
    where.push(`d.funder_id = (SELECT id FROM funders WHERE code = ${p.add(scope.funderCode)})`);
  if (scope.productCode)
    where.push(`d.product_id = (SELECT id FROM products WHERE code = ${p.add(scope.productCode)})`);
  if (scope.businessLine) where.push(`d.business_line = ${p.add(scope.businessLine)}`);
  if (scope.channel) where.push(`d.channel_code = ${p.add(scope.channel)}`);
  if (scope.bank) where.push(`d.bank_code = ${p.add(scope.bank)}`);
  if (scope.window) where.push(`d."window" = ${p.add(scope.window)}`);
  return where;
}

/** Conditions of the scope over a rollup row (r). */
export function rollupScope(scope: ReportScope, p: Params, r = 'r'): string[] {
  const where: string[] = [];
  if (scope.funderCode)
    where.push(`${r}.funder_id = (SELECT id FROM funders WHERE code = ${p.add(scope.funderCode)})`);
  if (scope.productCode)
    where.push(
      `${r}.product_id = (SELECT id FROM products WHERE code = ${p.add(scope.productCode)})`,
    );
  if (scope.businessLine) where.push(`${r}.business_line = ${p.add(scope.businessLine)}`);
  if (scope.channel) where.push(`${r}.channel_code = ${p.add(scope.channel)}`);
  if (scope.bank) where.push(`${r}.bank_code = ${p.add(scope.bank)}`);
  if (scope.window) where.push(`${r}."window" = ${p.add(scope.window)}`);
  return where;
}

/**
 * Order by order, with its dimensions, outcome and fee: `days` is a query of the business dates
 * (`SELECT $1::date`, the live dates). Rows: the dimensions, `outcome`, `raw_code`, `amount`,
 * `fee`, `updated_at`.
 *
 * Each date's orders are read by a lateral subquery the planner cannot flatten (OFFSET 0): an
 * index scan of that date. Joined as a set, the planner cannot know how few dates there are
 * (a parameter) and chose a parallel scan of every order (1 s at 10,000,000).
 */
export function orderFacts(days: string, scope: ReportScope, p: Params): string {
  const where = [`d.business_date = x.day`, ...orderScope(scope, p)];
  // The order's own columns only (its product, line, bank and attempt were set at insert): a
  // day's orders are read through the business date index, with no probe per order.
  return `SELECT o.* FROM (${days}) x(day)
          CROSS JOIN LATERAL (
            SELECT d.business_date, d.funder_id, d.product_id, d.business_line,
                   coalesce(d.channel_code, '') AS channel_code, coalesce(d.bank_code, '') AS bank_code,
                   coalesce(d."window", '') AS "window", ${debitRetryOf('d')} AS retry,
                   ${debitOutcomeOf('d')} AS outcome, coalesce(d.raw_code, '') AS raw_code,
                   d.amount, ${feeOf('d', 'ch')} AS fee, d.updated_at
              FROM debit_orders d
              LEFT JOIN ${CHANNEL_FEES} ch ON ch.code = d.channel_code
             WHERE ${where.join(' AND ')}
            OFFSET 0) o`;
}

/**
 * Order facts (a query) summed into rollup rows, what `debit_daily_rollups` holds: per
 * dimensions and outcome first (three sums an order), then each outcome into its columns over
 * those few rows (fourteen filtered sums an order cost twice as much).
 */
export const rollupRowsOf = (facts: string) =>
  `SELECT ${DIMENSIONS},
          ${[
            ...OUTCOME_COLUMNS.flatMap(({ outcome, prefix }) => [
              `coalesce(sum(g.orders) FILTER (WHERE g.outcome = '${outcome}'), 0)::int AS ${prefix}_orders`,
              `coalesce(sum(g.amount) FILTER (WHERE g.outcome = '${outcome}'), 0)::bigint AS ${prefix}_amount`,
            ]),
            `coalesce(sum(g.fee), 0)::bigint AS fee`,
          ].join(', ')}
     FROM (SELECT ${DIMENSIONS}, o.outcome, count(*) AS orders, sum(o.amount) AS amount, sum(o.fee) AS fee
             FROM (${facts}) o GROUP BY ${DIMENSIONS}, o.outcome) g
    GROUP BY ${DIMENSIONS}`;

/** The dates the `live` CTE holds, one a row. */
const LIVE_DAYS = `SELECT unnest(dates) FROM live`;

export interface FactsRange {
  from: string;
  to: string;
  /** Every date of the range (the candidates for a live read). */
  dates: string[];
  scope: ReportScope;
  /** False: every date is read live (the benchmark's baseline). */
  useRollups: boolean;
}

/**
 * `live`: the dates of the range read from debit_orders (those without a rollup day; every one
 * without rollups), decided in the statement itself so that a date built meanwhile is counted
 * once. Each date is read through the (business_date, window) index.
 */
export function liveDatesCte(range: FactsRange, p: Params): string {
  const dates = `${p.add(range.dates)}::date[]`;
  return range.useRollups
    ? `live AS MATERIALIZED (
         SELECT coalesce(array_agg(x.d ORDER BY x.d), '{}'::date[]) AS dates FROM unnest(${dates}) x(d)
          WHERE NOT EXISTS (SELECT 1 FROM debit_rollup_days y WHERE y.business_date = x.d))`
    : `live AS MATERIALIZED (SELECT ${dates} AS dates)`;
}

/**
 * The CTEs `live` (the dates read live), `lo` (their orders, read once), `facts` (rollup rows
 * and the live orders summed to the same shape) and, asked for, `failures` (failed orders per
 * outcome and raw code, rollup rows and live ones).
 */
export function factsCtes(range: FactsRange, p: Params, opts: { failures?: boolean } = {}): string {
  const ctes = [
    liveDatesCte(range, p),
    `lo AS MATERIALIZED (${orderFacts(LIVE_DAYS, range.scope, p)})`,
  ];
  // Summed to the rollup's grain first: the breakdowns then group a few hundred rows, not each
  // of the day's orders once per breakdown.
  const liveRows = rollupRowsOf('SELECT * FROM lo');
  const failed = FAILURE_OUTCOMES.map((o) => `'${o}'`).join(', ');
  const liveFailures = `SELECT outcome, raw_code, count(*)::int AS orders, sum(amount)::bigint AS amount
                          FROM lo WHERE outcome IN (${failed}) GROUP BY outcome, raw_code`;
  if (!range.useRollups) {
    ctes.push(`facts AS (${liveRows})`);
    if (opts.failures) ctes.push(`failures AS (${liveFailures})`);
    return ctes.join(', ');
  }
  const where = [
    `r.business_date BETWEEN ${p.add(range.from)}::date AND ${p.add(range.to)}::date`,
    ...rollupScope(range.scope, p),
  ].join(' AND ');
  ctes.push(`facts AS (
               SELECT ${DIMENSIONS}, ${MEASURES.join(', ')} FROM debit_daily_rollups r WHERE ${where}
               UNION ALL ${liveRows})`);
  if (opts.failures)
    ctes.push(`failures AS (
                 SELECT r.outcome, r.raw_code, r.orders, r.amount FROM debit_daily_failure_codes r WHERE ${where}
                 UNION ALL ${liveFailures})`);
  return ctes.join(', ');
}
