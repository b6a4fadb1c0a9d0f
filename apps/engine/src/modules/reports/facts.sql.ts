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
        WHEN ${ch}.fee_rule IS NULL THEN ${ch}.cost_per_txn_fen
        ELSE LEAST((${ch}.fee_rule->>'maxFen')::bigint,
                   GREATEST((${ch}.fee_rule->>'minFen')::bigint,
                            floor(${d}.amount * (${ch}.fee_rule->>'perMille')::numeric / 1000)::bigint)) END`;

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
 * Order by order, with its dimensions, outcome and fee: `dates` is a SQL expression for the
 * business dates (`= $1::date`, `= ANY(...)`). Rows: the dimensions, `outcome`, `raw_code`,
 * `amount`, `fee`, `updated_at`.
 */
export function orderFacts(dates: string, scope: ReportScope, p: Params): string {
  const where = [`d.business_date ${dates}`, ...orderScope(scope, p)];
  // The order's own columns only (its product, line, bank and attempt were set at insert): a
  // day's orders are read through the business date index, with no probe per order.
  return `SELECT d.business_date, d.funder_id, d.product_id, d.business_line,
                 coalesce(d.channel_code, '') AS channel_code, coalesce(d.bank_code, '') AS bank_code,
                 coalesce(d."window", '') AS "window", ${debitRetryOf('d')} AS retry,
                 ${debitOutcomeOf('d')} AS outcome, coalesce(d.raw_code, '') AS raw_code,
                 d.amount, ${feeOf('d', 'ch')} AS fee, d.updated_at
            FROM debit_orders d
            LEFT JOIN channels ch ON ch.code = d.channel_code
           WHERE ${where.join(' AND ')}`;
}

/** An order fact (alias o) as a rollup row's measures: one order in its outcome's columns. */
const orderMeasures = (o: string) =>
  [
    ...OUTCOME_COLUMNS.flatMap(({ outcome, prefix }) => [
      `(${o}.outcome = '${outcome}')::int AS ${prefix}_orders`,
      `CASE WHEN ${o}.outcome = '${outcome}' THEN ${o}.amount ELSE 0::bigint END AS ${prefix}_amount`,
    ]),
    `${o}.fee`,
  ].join(', ');

/** Order facts (alias o) summed into rollup rows: what `debit_daily_rollups` holds. */
export const sumMeasures = (o: string) =>
  [
    ...OUTCOME_COLUMNS.flatMap(({ outcome, prefix }) => [
      `count(*) FILTER (WHERE ${o}.outcome = '${outcome}')::int AS ${prefix}_orders`,
      `coalesce(sum(${o}.amount) FILTER (WHERE ${o}.outcome = '${outcome}'), 0)::bigint AS ${prefix}_amount`,
    ]),
    `coalesce(sum(${o}.fee), 0)::bigint AS fee`,
  ].join(', ');

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

/** The CTEs `live` and `facts` (rollup rows and live orders as rows of the same shape). */
export function factsCtes(range: FactsRange, p: Params): string {
  const live = liveDatesCte(range, p);
  const liveOrders = `SELECT ${DIMENSIONS}, ${orderMeasures('o')}
                        FROM (${orderFacts(`= ANY((SELECT dates FROM live)::date[])`, range.scope, p)}) o`;
  if (!range.useRollups) return `${live}, facts AS (${liveOrders})`;
  const where = [
    `r.business_date BETWEEN ${p.add(range.from)}::date AND ${p.add(range.to)}::date`,
    ...rollupScope(range.scope, p),
  ];
  return `${live}, facts AS (
            SELECT ${DIMENSIONS}, ${MEASURES.join(', ')} FROM debit_daily_rollups r WHERE ${where.join(' AND ')}
            UNION ALL ${liveOrders})`;
}

/** Failed orders per outcome and raw code over the range: rollup rows and live orders. */
export function failureFactsCtes(range: FactsRange, p: Params): string {
  const live = liveDatesCte(range, p);
  const failures = FAILURE_OUTCOMES.map((o) => `'${o}'`).join(', ');
  const liveOrders = `SELECT o.outcome, o.raw_code, 1 AS orders, o.amount
                        FROM (${orderFacts(`= ANY((SELECT dates FROM live)::date[])`, range.scope, p)}) o
                       WHERE o.outcome IN (${failures})`;
  if (!range.useRollups) return `${live}, failures AS (${liveOrders})`;
  const where = [
    `r.business_date BETWEEN ${p.add(range.from)}::date AND ${p.add(range.to)}::date`,
    ...rollupScope(range.scope, p),
  ];
  return `${live}, failures AS (
            SELECT r.outcome, r.raw_code, r.orders, r.amount FROM debit_daily_failure_codes r WHERE ${where.join(' AND ')}
            UNION ALL ${liveOrders})`;
}
