// What the debit state machine did not apply, or applied with money left over, kept for people:
// channel anomalies (an answer from another channel, about an order we do not know, with an
// amount or serial that does not match, or contradicting a final state; a success learned after
// the order failed; money no installment owed, to be refunded) and resolutions of debits under
// manual review that wait for a second person.
import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { id, money, oneOf, ref, timestamptz } from './columns';
import { ANOMALY_KINDS, ANOMALY_STATUSES, RESOLUTION_STATUSES } from './enums';
import { debitOrders } from './debits';
import { loans } from './loans';

/**
 * One row per distinct anomaly: `anomaly_key` is derived from what was seen (kind, channel,
 * order id and the answer's content, or the order for late successes and overpayments), so a
 * notification delivered twice, or a query answered alike twice, records one row.
 */
export const channelAnomalies = pgTable(
  'channel_anomalies',
  {
    id: id(),
    anomalyKey: text('anomaly_key').notNull().unique(),
    kind: text('kind', { enum: ANOMALY_KINDS }).notNull(),
    /** The channel the answer came from (for an overpayment: the order's channel). */
    channelCode: text('channel_code'),
    /** The order id as the channel named it (ours when we asked). */
    orderKey: text('order_key'),
    debitOrderId: ref('debit_order_id').references(() => debitOrders.id),
    loanId: ref('loan_id').references(() => loans.id),
    /** Fen: the answer's amount, or for an overpayment the money held to refund. */
    amount: money('amount'),
    /** The raw answer, where it came from, and the order as it stood. */
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: ANOMALY_STATUSES }).notNull().default('open'),
    handledBy: text('handled_by'),
    handledReason: text('handled_reason'),
    handledAt: timestamptz('handled_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('channel_anomalies_created_idx').on(t.createdAt),
    index('channel_anomalies_loan_idx').on(t.loanId),
    index('channel_anomalies_order_idx').on(t.debitOrderId),
    index('channel_anomalies_open_idx')
      .on(t.kind)
      .where(sql`${t.status} = 'open'`),
    oneOf('channel_anomalies_kind_check', t.kind, ANOMALY_KINDS),
    oneOf('channel_anomalies_status_check', t.status, ANOMALY_STATUSES),
    check('channel_anomalies_amount_check', sql`${t.amount} IS NULL OR ${t.amount} >= 0`),
    check(
      'channel_anomalies_handled_check',
      sql`(${t.status} = 'open' AND ${t.handledBy} IS NULL AND ${t.handledAt} IS NULL)
        OR (${t.status} = 'handled' AND ${t.handledBy} IS NOT NULL AND ${t.handledAt} IS NOT NULL
            AND coalesce(length(${t.handledReason}), 0) > 0)`,
    ),
  ],
);

/**
 * A debit under manual review that a finance user resolves as succeeded above the approval
 * limit: the proposal waits until another user approves (`decided_by <> proposed_by`, here as
 * well as in the service). One proposal waits per order at a time.
 */
export const debitResolutions = pgTable(
  'debit_resolutions',
  {
    id: id(),
    debitOrderId: ref('debit_order_id')
      .notNull()
      .references(() => debitOrders.id),
    outcome: text('outcome', { enum: ['succeeded', 'failed'] }).notNull(),
    evidence: text('evidence').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: RESOLUTION_STATUSES }).notNull().default('pending_approval'),
    proposedBy: text('proposed_by').notNull(),
    proposedAt: timestamptz('proposed_at').notNull().defaultNow(),
    decidedBy: text('decided_by'),
    decisionNote: text('decision_note'),
    decidedAt: timestamptz('decided_at'),
  },
  (t) => [
    uniqueIndex('debit_resolutions_one_pending')
      .on(t.debitOrderId)
      .where(sql`${t.status} = 'pending_approval'`),
    oneOf('debit_resolutions_outcome_check', t.outcome, ['succeeded', 'failed']),
    oneOf('debit_resolutions_status_check', t.status, RESOLUTION_STATUSES),
    check(
      'debit_resolutions_four_eyes_check',
      sql`${t.decidedBy} IS NULL OR ${t.decidedBy} <> ${t.proposedBy}`,
    ),
  ],
);

export type ChannelAnomaly = typeof channelAnomalies.$inferSelect;
export type DebitResolution = typeof debitResolutions.$inferSelect;
