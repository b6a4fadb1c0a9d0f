// The finance dashboards' rollups (报表 → 风险, 资金).
//
// Risk: the loan book at the close of a business date (a snapshot: installments keep no history
// of when they were paid), taken by the rollups job once the date is over and kept; the month
// ends also keep how loans moved between buckets since the month end before. Money: per
// business date, funder and measure (collections by component, accruals, waivers, refunds,
// remittances, suspense movements), built whole like the debit rollups and built again when
// their sources change.
import { sql } from 'drizzle-orm';
import { boolean, check, date, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { money, oneOf, ref, timestamptz, ZERO } from './columns';
import { BUSINESS_LINES, DELINQUENCY_BUCKETS } from './enums';
import { funders, products } from './reference';

/**
 * The book at a date's close per (funder, product, business line, start month, bucket): active
 * loans with their principal outstanding and what was overdue (principal; principal and
 * interest), and every loan started by then (settled ones too, in M0) with its principal: the
 * cohort sizes the vintage curves divide by.
 */
export const riskDailyRollups = pgTable(
  'risk_daily_rollups',
  {
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    funderId: ref('funder_id')
      .notNull()
      .references(() => funders.id),
    productId: ref('product_id')
      .notNull()
      .references(() => products.id),
    businessLine: text('business_line', { enum: BUSINESS_LINES }).notNull(),
    /** The first day of the loan's start month: its vintage. */
    startMonth: date('start_month', { mode: 'string' }).notNull(),
    bucket: text('bucket', { enum: DELINQUENCY_BUCKETS }).notNull(),
    loans: integer('loans').notNull(),
    outstandingPrincipal: money('outstanding_principal').notNull().default(ZERO),
    overduePrincipal: money('overdue_principal').notNull().default(ZERO),
    overdueAmount: money('overdue_amount').notNull().default(ZERO),
    bookedLoans: integer('booked_loans').notNull(),
    bookedPrincipal: money('booked_principal').notNull().default(ZERO),
  },
  (t) => [
    primaryKey({
      name: 'risk_daily_rollups_pk',
      columns: [t.businessDate, t.funderId, t.productId, t.businessLine, t.startMonth, t.bucket],
    }),
    oneOf('risk_daily_rollups_business_line_check', t.businessLine, BUSINESS_LINES),
    oneOf('risk_daily_rollups_bucket_check', t.bucket, DELINQUENCY_BUCKETS),
  ],
);

/**
 * At a month end: loans per bucket at the month end before and now (as the daily run recorded
 * them in loan_bucket_changes), for loans delinquent at either end; the roll rates' numerators.
 */
export const riskRollRollups = pgTable(
  'risk_roll_rollups',
  {
    monthEnd: date('month_end', { mode: 'string' }).notNull(),
    funderId: ref('funder_id')
      .notNull()
      .references(() => funders.id),
    productId: ref('product_id')
      .notNull()
      .references(() => products.id),
    businessLine: text('business_line', { enum: BUSINESS_LINES }).notNull(),
    fromBucket: text('from_bucket', { enum: DELINQUENCY_BUCKETS }).notNull(),
    toBucket: text('to_bucket', { enum: DELINQUENCY_BUCKETS }).notNull(),
    loans: integer('loans').notNull(),
  },
  (t) => [
    primaryKey({
      name: 'risk_roll_rollups_pk',
      columns: [t.monthEnd, t.funderId, t.productId, t.businessLine, t.fromBucket, t.toBucket],
    }),
    oneOf('risk_roll_rollups_business_line_check', t.businessLine, BUSINESS_LINES),
    oneOf('risk_roll_rollups_from_check', t.fromBucket, DELINQUENCY_BUCKETS),
    oneOf('risk_roll_rollups_to_check', t.toBucket, DELINQUENCY_BUCKETS),
  ],
);

/** The dates whose book was snapshotted, and when. */
export const riskRollupDays = pgTable('risk_rollup_days', {
  businessDate: date('business_date', { mode: 'string' }).primaryKey(),
  builtAt: timestamptz('built_at').notNull(),
  /**
   * False for today's book taken while the day runs (the hourly job keeps it, so the dashboard
   * reads today without a pass over every loan); the snapshot after the date closes replaces it.
   */
  final: boolean('final').notNull().default(true),
});

/**
 * Money per business date, funder ('' for the platform's own accounts: unidentified money) and
 * measure (MONEY_MEASURES in the reports module), in fen, with how many rows made it.
 */
export const moneyDailyRollups = pgTable(
  'money_daily_rollups',
  {
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    funderCode: text('funder_code').notNull(),
    measure: text('measure').notNull(),
    amount: money('amount').notNull(),
    items: integer('items').notNull(),
  },
  (t) => [
    primaryKey({
      name: 'money_daily_rollups_pk',
      columns: [t.businessDate, t.funderCode, t.measure],
    }),
    check('money_daily_rollups_measure_check', sql`${t.measure} ~ '^[a-z][a-z_]*$'`),
  ],
);

/** The dates whose money was rolled up, and when (a source changed later: built again). */
export const moneyRollupDays = pgTable('money_rollup_days', {
  businessDate: date('business_date', { mode: 'string' }).primaryKey(),
  builtAt: timestamptz('built_at').notNull(),
});
