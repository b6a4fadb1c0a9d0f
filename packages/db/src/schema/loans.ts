// Loans (upstream orders), their plan versions and installments.
//
// Live installments: `installments.is_current` is true exactly for the rows of the loan's
// current plan version (`loans.current_plan_version`). A reschedule, in one transaction,
// sets the old rows' `is_current = false`, inserts the new version's rows and bumps
// `loans.current_plan_version`. The flag keeps daily sweeps (due date, overdue) a single
// indexed scan instead of a three-way join, and the partial unique index
// `installments_live_period_unique` guarantees one live row per (loan, period).
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { id, money, oneOf, ref, timestamps, timestamptz, ZERO } from './columns';
import {
  BUSINESS_LINES,
  DAY_COUNTS,
  DELINQUENCY_BUCKETS,
  INSTALLMENT_STATUSES,
  OPEN_INSTALLMENT_STATUSES,
  LOAN_STATUSES,
  PAYMENT_TIMINGS,
  QUOTE_STATUSES,
  RECEIPT_METHODS,
  REPAYMENT_METHODS,
} from './enums';
import { sqlList } from '../sql-list';
import { borrowers, cards } from './parties';
import { funders, products } from './reference';

export const loans = pgTable(
  'loans',
  {
    id: id(),
    orderNo: text('order_no').notNull().unique(),
    businessLine: text('business_line', { enum: BUSINESS_LINES }).notNull(),
    // The current owner of future collections (changes on asset transfer).
    funderId: ref('funder_id')
      .notNull()
      .references(() => funders.id),
    productId: ref('product_id')
      .notNull()
      .references(() => products.id),
    borrowerId: ref('borrower_id')
      .notNull()
      .references(() => borrowers.id),
    cardId: ref('card_id').references(() => cards.id),
    principal: money('principal').notNull(),
    // Decimal string, e.g. "0.04900000"; never a float.
    annualRate: numeric('annual_rate', { precision: 12, scale: 8 }).notNull(),
    termMonths: integer('term_months').notNull(),
    repaymentMethod: text('repayment_method', { enum: REPAYMENT_METHODS }).notNull(),
    dayCount: text('day_count', { enum: DAY_COUNTS }).notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    firstDueDate: date('first_due_date', { mode: 'string' }).notNull(),
    residualValue: money('residual_value').notNull().default(ZERO),
    paymentTiming: text('payment_timing', { enum: PAYMENT_TIMINGS }).notNull().default('arrears'),
    status: text('status', { enum: LOAN_STATUSES }).notNull().default('active'),
    pausedReason: text('paused_reason'),
    pausedUntil: date('paused_until', { mode: 'string' }),
    currentPlanVersion: integer('current_plan_version').notNull().default(1),
    /**
     * The due date of the oldest open overdue installment (null: current) and the bucket it
     * gives, kept by the daily run; overdue days are derived (the row changes only when the
     * oldest overdue installment or the bucket does, not every day).
     */
    overdueSince: date('overdue_since', { mode: 'string' }),
    delinquencyBucket: text('delinquency_bucket', { enum: DELINQUENCY_BUCKETS })
      .notNull()
      .default('M0'),
    outstandingPrincipal: money('outstanding_principal').notNull(),
    // sha256 of the canonical intake request: same hash → idempotent replay, else 409.
    requestHash: text('request_hash').notNull(),
    settledAt: timestamptz('settled_at'),
    ...timestamps(),
  },
  (t) => [
    index('loans_funder_idx').on(t.funderId),
    index('loans_product_idx').on(t.productId),
    index('loans_borrower_idx').on(t.borrowerId),
    index('loans_business_line_status_idx').on(t.businessLine, t.status),
    // Console lists page by (created_at, id) keyset.
    index('loans_created_at_id_idx').on(t.createdAt, t.id),
    oneOf('loans_business_line_check', t.businessLine, BUSINESS_LINES),
    oneOf('loans_repayment_method_check', t.repaymentMethod, REPAYMENT_METHODS),
    oneOf('loans_day_count_check', t.dayCount, DAY_COUNTS),
    oneOf('loans_payment_timing_check', t.paymentTiming, PAYMENT_TIMINGS),
    oneOf('loans_status_check', t.status, LOAN_STATUSES),
    oneOf('loans_delinquency_bucket_check', t.delinquencyBucket, DELINQUENCY_BUCKETS),
    index('loans_delinquency_bucket_idx').on(t.delinquencyBucket),
    index('loans_overdue_since_idx')
      .on(t.overdueSince)
      .where(sql`${t.overdueSince} IS NOT NULL`),
    check('loans_principal_check', sql`${t.principal} > 0`),
    check('loans_term_months_check', sql`${t.termMonths} > 0`),
    check('loans_residual_value_check', sql`${t.residualValue} >= 0`),
    check('loans_outstanding_principal_check', sql`${t.outstandingPrincipal} >= 0`),
    check('loans_current_plan_version_check', sql`${t.currentPlanVersion} >= 1`),
  ],
);

export const planVersions = pgTable(
  'plan_versions',
  {
    id: id(),
    loanId: ref('loan_id')
      .notNull()
      .references(() => loans.id),
    version: integer('version').notNull(),
    reason: text('reason').notNull(),
    /**
     * Periods of this version. A reschedule replaces only the untouched tail: the version's
     * plan is, per period up to this count, the row of the latest version ≤ it.
     */
    periodCount: integer('period_count').notNull(),
    /** What was asked ({ newTermMonths } or { shiftDays }); null for version 1. */
    change: jsonb('change').$type<Record<string, number>>(),
    /** The caller's idempotency key of a reschedule: the same key again is a replay. */
    reference: text('reference'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('plan_versions_loan_version_unique').on(t.loanId, t.version),
    uniqueIndex('plan_versions_loan_reference_unique')
      .on(t.loanId, t.reference)
      .where(sql`${t.reference} IS NOT NULL`),
    check('plan_versions_period_count_check', sql`${t.periodCount} >= 1`),
  ],
);

/** Per charge id: { day: overdue days, total: fen as a string, exact: yuan as a string }. */
export type AccrualStateColumn = Record<string, { day: number; total: string; exact: string }>;

export const installments = pgTable(
  'installments',
  {
    id: id(),
    loanId: ref('loan_id')
      .notNull()
      .references(() => loans.id),
    planVersionId: ref('plan_version_id')
      .notNull()
      .references(() => planVersions.id),
    isCurrent: boolean('is_current').notNull().default(true),
    period: integer('period').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    principalDue: money('principal_due').notNull().default(ZERO),
    interestDue: money('interest_due').notNull().default(ZERO),
    feeDue: money('fee_due').notNull().default(ZERO),
    penaltyDue: money('penalty_due').notNull().default(ZERO),
    principalPaid: money('principal_paid').notNull().default(ZERO),
    interestPaid: money('interest_paid').notNull().default(ZERO),
    feePaid: money('fee_paid').notNull().default(ZERO),
    penaltyPaid: money('penalty_paid').notNull().default(ZERO),
    status: text('status', { enum: INSTALLMENT_STATUSES }).notNull().default('pending'),
    overdueDays: integer('overdue_days').notNull().default(0),
    /**
     * The daily accrual's carry: each charge's latest accrual row (day, total fen, unrounded
     * yuan), kept on the row the run updates anyway so that it never reads the history.
     * Written only with the fee_accruals rows it mirrors (same transaction).
     */
    accrualState: jsonb('accrual_state').$type<AccrualStateColumn>().notNull().default({}),
    /** The last business date the daily accrual processed this installment: a rerun skips it. */
    accruedThrough: date('accrued_through', { mode: 'string' }),
    /**
     * The day a reversed collection (冲正) made the installment owe again: the overdue days it
     * stood as paid, up to this date, are not charged (accrual resumes after it).
     */
    accrualResumedOn: date('accrual_resumed_on', { mode: 'string' }),
    paidAt: timestamptz('paid_at'),
    ...timestamps(),
  },
  (t) => [
    unique('installments_plan_version_period_unique').on(t.planVersionId, t.period),
    uniqueIndex('installments_live_period_unique')
      .on(t.loanId, t.period)
      .where(sql`${t.isCurrent}`),
    index('installments_due_date_status_idx').on(t.dueDate, t.status),
    // The daily accrual walks the open installments past due in (due date, id) order.
    index('installments_open_due_idx')
      .on(t.dueDate, t.id)
      .where(sql`${t.isCurrent} AND ${t.status} IN ${sql.raw(sqlList(OPEN_INSTALLMENT_STATUSES))}`),
    index('installments_loan_idx').on(t.loanId),
    oneOf('installments_status_check', t.status, INSTALLMENT_STATUSES),
    check('installments_period_check', sql`${t.period} >= 1`),
    check('installments_overdue_days_check', sql`${t.overdueDays} >= 0`),
    // Each component: 0 <= paid <= due (waivers lower `due`, never raise `paid`).
    ...(['principal', 'interest', 'fee', 'penalty'] as const).map((c) =>
      check(
        `installments_${c}_paid_check`,
        sql`${t[`${c}Paid`]} >= 0 AND ${t[`${c}Paid`]} <= ${t[`${c}Due`]}`,
      ),
    ),
  ],
);

export type Loan = typeof loans.$inferSelect;
export type NewLoan = typeof loans.$inferInsert;
export type PlanVersion = typeof planVersions.$inferSelect;
export type NewPlanVersion = typeof planVersions.$inferInsert;
export type Installment = typeof installments.$inferSelect;
export type NewInstallment = typeof installments.$inferInsert;

/**
 * Money received outside the channels (docs/api.md `POST /loans/{orderNo}/repayments`): one row per
 * reference (idempotent), with where the waterfall put it.
 */
export const repayments = pgTable(
  'repayments',
  {
    id: id(),
    reference: text('reference').notNull().unique(),
    loanId: ref('loan_id')
      .notNull()
      .references(() => loans.id),
    amount: money('amount').notNull(),
    paidAt: timestamptz('paid_at').notNull(),
    method: text('method', { enum: RECEIPT_METHODS }).notNull(),
    /** Same reference with other content is a conflict, not a replay. */
    requestHash: text('request_hash').notNull(),
    allocations: jsonb('allocations')
      .$type<{ period: number; component: string; amountFen: string }[]>()
      .notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('repayments_loan_idx').on(t.loanId),
    oneOf('repayments_method_check', t.method, RECEIPT_METHODS),
    check('repayments_amount_check', sql`${t.amount} > 0`),
  ],
);

export type Repayment = typeof repayments.$inferSelect;

/**
 * Early settlement quotes (docs/api.md `GET /loans/{orderNo}/settlement-quote`): the amount is
 * locked until `expiresAt`; `settle` uses it once (idempotent by quoteId). `stateHash` is the
 * loan's open installments when quoted: a quote of a loan that changed since is stale.
 */
export const settlementQuotes = pgTable(
  'settlement_quotes',
  {
    id: id(),
    quoteId: text('quote_id').notNull().unique(),
    loanId: ref('loan_id')
      .notNull()
      .references(() => loans.id),
    quoteDate: date('quote_date', { mode: 'string' }).notNull(),
    amount: money('amount').notNull(),
    principal: money('principal').notNull(),
    interest: money('interest').notNull(),
    penalty: money('penalty').notNull(),
    fee: money('fee').notNull(),
    prepaymentFee: money('prepayment_fee').notNull(),
    /** Per installment: what settling charges and the interest it forgives. */
    lines: jsonb('lines')
      .$type<{ id: string; charge: Record<string, string>; forgivenInterest: string }[]>()
      .notNull(),
    stateHash: text('state_hash').notNull(),
    ruleVersionId: ref('rule_version_id'),
    expiresAt: timestamptz('expires_at').notNull(),
    status: text('status', { enum: QUOTE_STATUSES }).notNull().default('open'),
    settledAt: timestamptz('settled_at'),
    settleMethod: text('settle_method'),
    settleReference: text('settle_reference'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('settlement_quotes_loan_idx').on(t.loanId),
    oneOf('settlement_quotes_status_check', t.status, QUOTE_STATUSES),
    check('settlement_quotes_amount_check', sql`${t.amount} > 0`),
    // One settlement per loan, whichever quote did it.
    uniqueIndex('settlement_quotes_one_settled')
      .on(t.loanId)
      .where(sql`${t.status} = 'settled'`),
  ],
);

export type SettlementQuoteRow = typeof settlementQuotes.$inferSelect;
