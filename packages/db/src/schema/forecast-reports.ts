// The forecast dashboard's stored result (报表 → 预测): what the window and fee rules in force
// will do over the coming days, computed for a business date by the report-forecast job (and by
// the first read of a date without one), summed per (funder, product, business line) so one
// computation serves every scope. A computation is replaced whole in one transaction.
import { date, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { money, oneOf, ref, timestamptz, ZERO } from './columns';
import { BUSINESS_LINES } from './enums';
import { funders, products } from './reference';

export const FORECAST_ROW_KINDS = ['slot', 'accrual'] as const;

/** What a computation's dates look like, whatever the scope: each date's slots and accrual. */
export interface ForecastLayoutDay {
  date: string;
  accrued: boolean;
  slots: { start: string; end: string }[];
}

/** One row per computation: when, for which business date, and what rules it saw. */
export const reportForecastRuns = pgTable('report_forecast_runs', {
  computedFor: date('computed_for', { mode: 'string' }).primaryKey(),
  computedAt: timestamptz('computed_at').notNull(),
  days: integer('days').notNull(),
  layout: jsonb('layout').$type<ForecastLayoutDay[]>().notNull(),
  /** The window and fee publications it resolved against (a change makes it stale). */
  rulesKey: text('rules_key').notNull(),
  gray: jsonb('gray').$type<Record<string, unknown>[]>().notNull(),
});

/**
 * Per computation, forecast date, slot (kind 'slot') or the night's accrual (kind 'accrual',
 * slot_start ''), and (funder, product, business line): installments and fen under the
 * published releases alone and with the gray ones.
 */
export const reportForecastRows = pgTable(
  'report_forecast_rows',
  {
    computedFor: date('computed_for', { mode: 'string' })
      .notNull()
      .references(() => reportForecastRuns.computedFor, { onDelete: 'cascade' }),
    forecastDate: date('forecast_date', { mode: 'string' }).notNull(),
    kind: text('kind', { enum: FORECAST_ROW_KINDS }).notNull(),
    slotStart: text('slot_start').notNull(),
    slotEnd: text('slot_end').notNull(),
    funderId: ref('funder_id')
      .notNull()
      .references(() => funders.id),
    productId: ref('product_id')
      .notNull()
      .references(() => products.id),
    businessLine: text('business_line', { enum: BUSINESS_LINES }).notNull(),
    publishedInstallments: integer('published_installments').notNull().default(0),
    publishedAmount: money('published_amount').notNull().default(ZERO),
    publishedPenalty: money('published_penalty').notNull().default(ZERO),
    publishedFee: money('published_fee').notNull().default(ZERO),
    grayInstallments: integer('gray_installments').notNull().default(0),
    grayAmount: money('gray_amount').notNull().default(ZERO),
    grayPenalty: money('gray_penalty').notNull().default(ZERO),
    grayFee: money('gray_fee').notNull().default(ZERO),
  },
  (t) => [
    primaryKey({
      name: 'report_forecast_rows_pk',
      columns: [
        t.computedFor,
        t.forecastDate,
        t.kind,
        t.slotStart,
        t.funderId,
        t.productId,
        t.businessLine,
      ],
    }),
    oneOf('report_forecast_rows_business_line_check', t.businessLine, BUSINESS_LINES),
    oneOf('report_forecast_rows_kind_check', t.kind, FORECAST_ROW_KINDS),
  ],
);
