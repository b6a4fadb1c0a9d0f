// Loan lifecycle actions beyond plans and payments: waivers of charges and asset
// transfers between funders.
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
import { sqlList } from '../sql-list';
import { id, money, oneOf, ref, timestamptz } from './columns';
import {
  OPEN_TRANSFER_STATUSES,
  TRANSFER_STATUSES,
  WAIVABLE_COMPONENTS,
  WAIVER_STATUSES,
} from './enums';
import { loans } from './loans';
import { funders } from './reference';

/**
 * A waiver lowers what is due of a charge (penalty or fee), never what was paid. Above the
 * approval limit it waits for a second user; `decided_by <> requested_by` is enforced here.
 */
export const waivers = pgTable(
  'waivers',
  {
    id: id(),
    waiverId: text('waiver_id').notNull().unique(),
    /** The caller's idempotency key: the same key again is a replay. */
    requestKey: text('request_key').notNull().unique(),
    loanId: ref('loan_id')
      .notNull()
      .references(() => loans.id),
    component: text('component', { enum: WAIVABLE_COMPONENTS }).notNull(),
    /** One period, or null: the loan's open installments, oldest first. */
    period: integer('period'),
    amount: money('amount').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: WAIVER_STATUSES }).notNull(),
    /** Where it was applied: installment id, period, fen. */
    lines: jsonb('lines').$type<{ id: string; period: number; amountFen: string }[]>(),
    requestedBy: text('requested_by').notNull(),
    decidedBy: text('decided_by'),
    decisionNote: text('decision_note'),
    decidedAt: timestamptz('decided_at'),
    /** The business date it was asked on: the approval limit counts a loan's waivers per day. */
    businessDate: date('business_date').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('waivers_loan_idx').on(t.loanId),
    index('waivers_pending_idx')
      .on(t.createdAt)
      .where(sql`${t.status} = 'pending_approval'`),
    oneOf('waivers_component_check', t.component, WAIVABLE_COMPONENTS),
    oneOf('waivers_status_check', t.status, WAIVER_STATUSES),
    check('waivers_amount_check', sql`${t.amount} > 0`),
    check(
      'waivers_four_eyes_check',
      sql`${t.decidedBy} IS NULL OR ${t.decidedBy} <> ${t.requestedBy}`,
    ),
  ],
);

export type Waiver = typeof waivers.$inferSelect;

/** `POST /asset-transfers`: loans whose collections belong to another funder from a cut-off. */
export const assetTransfers = pgTable(
  'asset_transfers',
  {
    id: id(),
    transferId: text('transfer_id').notNull().unique(),
    /** The same request again (same loans, funder, cut-off, ratio) is a replay. */
    requestHash: text('request_hash').notNull().unique(),
    toFunderId: ref('to_funder_id')
      .notNull()
      .references(() => funders.id),
    cutoffDate: date('cutoff_date', { mode: 'string' }).notNull(),
    priceRatio: numeric('price_ratio', { precision: 12, scale: 6 }).notNull(),
    status: text('status', { enum: TRANSFER_STATUSES }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    completedAt: timestamptz('completed_at'),
    /** Who approved or rejected a transfer that waited for approval, when, and why. */
    decidedBy: text('decided_by'),
    decidedAt: timestamptz('decided_at'),
    decisionReason: text('decision_reason'),
  },
  (t) => [
    oneOf('asset_transfers_status_check', t.status, TRANSFER_STATUSES),
    check(
      'asset_transfers_decision_check',
      sql`(${t.decidedBy} IS NULL) = (${t.decidedAt} IS NULL) AND (${t.decidedBy} IS NULL) = (${t.decisionReason} IS NULL)`,
    ),
    index('asset_transfers_scheduled_idx')
      .on(t.cutoffDate)
      .where(sql`${t.status} = 'scheduled'`),
    check('asset_transfers_price_ratio_check', sql`${t.priceRatio} > 0`),
  ],
);

/** One loan of a transfer: who owned it before, the principal moved and the price. */
export const assetTransferLoans = pgTable(
  'asset_transfer_loans',
  {
    id: id(),
    transferId: ref('transfer_id')
      .notNull()
      .references(() => assetTransfers.id),
    loanId: ref('loan_id')
      .notNull()
      .references(() => loans.id),
    fromFunderId: ref('from_funder_id')
      .notNull()
      .references(() => funders.id),
    toFunderId: ref('to_funder_id')
      .notNull()
      .references(() => funders.id),
    cutoffDate: date('cutoff_date', { mode: 'string' }).notNull(),
    status: text('status', { enum: TRANSFER_STATUSES }).notNull(),
    /** Outstanding principal at the cut-off, and what the buyer owes for it (ratio × it). */
    principal: money('principal'),
    price: money('price'),
    completedAt: timestamptz('completed_at'),
  },
  (t) => [
    index('asset_transfer_loans_loan_idx').on(t.loanId, t.cutoffDate),
    index('asset_transfer_loans_transfer_idx').on(t.transferId),
    oneOf('asset_transfer_loans_status_check', t.status, TRANSFER_STATUSES),
    // At most one transfer of a loan waits (for its cut-off or an approval) at a time.
    uniqueIndex('asset_transfer_loans_one_open')
      .on(t.loanId)
      .where(sql`${t.status} IN ${sql.raw(sqlList(OPEN_TRANSFER_STATUSES))}`),
    check('asset_transfer_loans_funders_check', sql`${t.fromFunderId} <> ${t.toFunderId}`),
  ],
);
