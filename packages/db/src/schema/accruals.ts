// Overdue accrual: a daily run per business date, the charges accrued per
// installment per day (with the rule version that computed them), and each loan's
// delinquency bucket changes. Accrual rows are never edited: a recalculation adds rows of a
// later revision (reversals and replacements).
import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { id, money, oneOf, ref, timestamptz, ZERO } from './columns';
import {
  ACCRUAL_COMPONENTS,
  ACCRUAL_RUN_STATUSES,
  ACCRUED_CHARGE_TYPES,
  DELINQUENCY_BUCKETS,
} from './enums';
import { installments, loans } from './loans';
import { ruleVersions } from './rules';

export const accrualRuns = pgTable(
  'accrual_runs',
  {
    id: id(),
    /** One run per business date: a second start finds the first. */
    businessDate: date('business_date', { mode: 'string' }).notNull().unique(),
    status: text('status', { enum: ACCRUAL_RUN_STATUSES }).notNull().default('running'),
    installments: integer('installments').notNull().default(0),
    accrued: money('accrued').notNull().default(ZERO),
    /** Active loans per bucket when the run completed: the overdue page's history. */
    bucketCounts: jsonb('bucket_counts').$type<Record<string, number>>(),
    startedBy: text('started_by').notNull(),
    startedAt: timestamptz('started_at').notNull().defaultNow(),
    finishedAt: timestamptz('finished_at'),
  },
  (t) => [oneOf('accrual_runs_status_check', t.status, ACCRUAL_RUN_STATUSES)],
);

/**
 * Decimal places of a charge's unrounded running total (exact_total, and the carried state
 * on the installment): the daily run carries it from one day to the next at this scale.
 */
export const EXACT_TOTAL_SCALE = 10;

export const feeAccruals = pgTable(
  'fee_accruals',
  {
    id: id(),
    installmentId: ref('installment_id')
      .notNull()
      .references(() => installments.id),
    loanId: ref('loan_id')
      .notNull()
      .references(() => loans.id),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    /** The charge's id in its fee rule (e.g. `penalty`, `compound`, `late_fee`). */
    chargeId: text('charge_id').notNull(),
    chargeType: text('charge_type', { enum: ACCRUED_CHARGE_TYPES }).notNull(),
    component: text('component', { enum: ACCRUAL_COMPONENTS }).notNull(),
    overdueDays: integer('overdue_days').notNull(),
    /** This row's change, in fen (negative only in a reversal). */
    amount: money('amount').notNull(),
    /** The charge's total on the installment after this row, in fen. */
    total: money('total').notNull(),
    /** The unrounded running total in yuan (a charge rounded on the total rounds only this). */
    exactTotal: numeric('exact_total', { precision: 30, scale: EXACT_TOTAL_SCALE }).notNull(),
    cappedBy: text('capped_by'),
    ruleVersionId: ref('rule_version_id').references(() => ruleVersions.id),
    /** 0 for the daily run; a recalculation writes the next revision. */
    revision: integer('revision').notNull().default(0),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    // The daily run accrues an installment's charge once per business date and revision.
    uniqueIndex('fee_accruals_day_unique').on(
      t.installmentId,
      t.chargeId,
      t.businessDate,
      t.revision,
    ),
    index('fee_accruals_loan_idx').on(t.loanId, t.businessDate),
    index('fee_accruals_date_idx').on(t.businessDate),
    oneOf('fee_accruals_charge_type_check', t.chargeType, ACCRUED_CHARGE_TYPES),
    oneOf('fee_accruals_component_check', t.component, ACCRUAL_COMPONENTS),
    check('fee_accruals_overdue_days_check', sql`${t.overdueDays} >= 1`),
    check('fee_accruals_total_check', sql`${t.total} >= 0`),
  ],
);

export const loanBucketChanges = pgTable(
  'loan_bucket_changes',
  {
    id: id(),
    loanId: ref('loan_id')
      .notNull()
      .references(() => loans.id),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    fromBucket: text('from_bucket', { enum: DELINQUENCY_BUCKETS }).notNull(),
    toBucket: text('to_bucket', { enum: DELINQUENCY_BUCKETS }).notNull(),
    overdueDays: integer('overdue_days').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('loan_bucket_changes_day_unique').on(t.loanId, t.businessDate),
    index('loan_bucket_changes_date_idx').on(t.businessDate),
    oneOf('loan_bucket_changes_from_check', t.fromBucket, DELINQUENCY_BUCKETS),
    oneOf('loan_bucket_changes_to_check', t.toBucket, DELINQUENCY_BUCKETS),
  ],
);

export type FeeAccrualRow = typeof feeAccruals.$inferSelect;
