// Payouts (代付) and positions (头寸): the channel accounts money is paid out of, every payout
// order whatever made it (an upstream request, a funder's remittance, an approved refund), the
// funders' settlement accounts, the day's remittance batch per funder, and refunds waiting for
// approval.
//
// Idempotency: `payout_orders.idempotency_key` is `api:<payoutNo>`, `remit:<funder>:<date>:<n>`
// or `refund:<refund id>:<n>`, unique. The channel order id is `PO<id>`, fixed once the row is
// committed, before any call.
//
// The payout guard: every insert into payout_orders, whatever path makes it, passes the trigger
// `payout_orders_guard` (migration), which re-checks under the batch's or refund's lock that
// the order may exist: a remittance part never takes its batch past the batch's net amount, a
// refund is approved and paid at most once, the funder is active. A final order never changes
// again (`payout_orders_final`).
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { id, money, oneOf, ref, timestamps, timestamptz, ZERO } from './columns';
import {
  ACTIVE_STATUSES,
  CHANNEL_RESULT_CLASSES,
  PAYOUT_PURPOSES,
  PAYOUT_SOURCES,
  PAYOUT_STATUSES,
  POSITION_MOVEMENT_KINDS,
  REFUND_SOURCES,
  REFUND_STATUSES,
  REMITTANCE_BATCH_STATUSES,
  RESERVING_PAYOUT_STATUSES,
} from './enums';
import { sqlList } from '../sql-list';
import { channels } from './channels';
import { loans } from './loans';
import { funders } from './reference';
import { ruleVersions } from './rules';

const reserving = sql.raw(sqlList(RESERVING_PAYOUT_STATUSES));

/** A funder's settlement account: where its remittances go. One default per funder. */
export const funderAccounts = pgTable(
  'funder_accounts',
  {
    id: id(),
    funderId: ref('funder_id')
      .notNull()
      .references(() => funders.id),
    bankCode: text('bank_code').notNull(),
    accountNoEnc: text('account_no_enc').notNull(),
    accountNoHash: text('account_no_hash').notNull(),
    accountNoMask: text('account_no_mask').notNull(),
    accountNameEnc: text('account_name_enc').notNull(),
    accountNameMask: text('account_name_mask').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    status: text('status', { enum: ACTIVE_STATUSES }).notNull().default('active'),
    createdBy: text('created_by').notNull(),
    ...timestamps(),
  },
  (t) => [
    unique('funder_accounts_funder_account_key').on(t.funderId, t.accountNoHash),
    uniqueIndex('funder_accounts_one_default')
      .on(t.funderId)
      .where(sql`${t.isDefault} AND ${t.status} = 'active'`),
    oneOf('funder_accounts_status_check', t.status, ACTIVE_STATUSES),
  ],
);

/**
 * Our account at a payout channel (头寸): its balance as we track it (synced from the channel),
 * what unfinished payouts hold reserved, and a safety buffer. usable = balance − reserved −
 * buffer. A reservation is one UPDATE whose WHERE requires usable ≥ amount; facts (a success's
 * fee, a sync's drift) may still take usable below zero: they are recorded, never refused.
 */
export const payoutAccounts = pgTable(
  'payout_accounts',
  {
    id: id(),
    channelCode: text('channel_code')
      .notNull()
      .unique()
      .references(() => channels.code),
    balance: money('balance').notNull().default(ZERO),
    reserved: money('reserved').notNull().default(ZERO),
    buffer: money('buffer').notNull().default(ZERO),
    status: text('status', { enum: ACTIVE_STATUSES }).notNull().default('active'),
    syncedAt: timestamptz('synced_at'),
    ...timestamps(),
  },
  (t) => [
    check('payout_accounts_amounts_check', sql`${t.reserved} >= 0 AND ${t.buffer} >= 0`),
    oneOf('payout_accounts_status_check', t.status, ACTIVE_STATUSES),
  ],
);

/** Every change of a payout account's balance or buffer, with what it was after (the chart). */
export const positionMovements = pgTable(
  'position_movements',
  {
    id: id(),
    /** Deterministic for payouts (`payout:<order id>`), random for a person's entries. */
    movementKey: text('movement_key').notNull().unique(),
    accountId: ref('account_id')
      .notNull()
      .references(() => payoutAccounts.id),
    kind: text('kind', { enum: POSITION_MOVEMENT_KINDS }).notNull(),
    /** Signed fen: what the balance (or, for `buffer`, the buffer) moved by. */
    amount: money('amount').notNull(),
    balanceAfter: money('balance_after').notNull(),
    reservedAfter: money('reserved_after').notNull(),
    bufferAfter: money('buffer_after').notNull(),
    payoutOrderId: ref('payout_order_id'),
    reason: text('reason'),
    actor: text('actor').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('position_movements_account_idx').on(t.accountId, t.createdAt),
    oneOf('position_movements_kind_check', t.kind, POSITION_MOVEMENT_KINDS),
  ],
);

/**
 * A funder's remittance of one business date: collections effective up to `as_of_date` less
 * what earlier batches took, the platform fee of its rule, and the net paid to its account.
 */
export const remittanceBatches = pgTable(
  'remittance_batches',
  {
    id: id(),
    funderId: ref('funder_id')
      .notNull()
      .references(() => funders.id),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    asOfDate: date('as_of_date', { mode: 'string' }).notNull(),
    gross: money('gross').notNull(),
    fee: money('fee').notNull(),
    amount: money('amount').notNull(),
    status: text('status', { enum: REMITTANCE_BATCH_STATUSES }).notNull(),
    ruleVersionId: ref('rule_version_id').references(() => ruleVersions.id),
    funderAccountId: ref('funder_account_id').references(() => funderAccounts.id),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('remittance_batches_funder_date_key').on(t.funderId, t.businessDate),
    check(
      'remittance_batches_amounts_check',
      sql`${t.fee} >= 0 AND ${t.amount} >= 0 AND ${t.gross} = ${t.fee} + ${t.amount}`,
    ),
    oneOf('remittance_batches_status_check', t.status, REMITTANCE_BATCH_STATUSES),
  ],
);

/** A refund to a borrower (or whoever paid): waits for finance's approval, then is paid out. */
export const refunds = pgTable(
  'refunds',
  {
    id: id(),
    /** `anomaly:<id>` or `recon_case:<id>`: one refund per source. */
    sourceKey: text('source_key').notNull().unique(),
    source: text('source', { enum: REFUND_SOURCES }).notNull(),
    funderId: ref('funder_id')
      .notNull()
      .references(() => funders.id),
    loanId: ref('loan_id').references(() => loans.id),
    amount: money('amount').notNull(),
    payeeNameEnc: text('payee_name_enc').notNull(),
    payeeNameMask: text('payee_name_mask').notNull(),
    payeeAccountEnc: text('payee_account_enc').notNull(),
    payeeAccountMask: text('payee_account_mask').notNull(),
    payeeBankCode: text('payee_bank_code').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: REFUND_STATUSES }).notNull().default('pending_approval'),
    requestedBy: text('requested_by').notNull(),
    decidedBy: text('decided_by'),
    decisionNote: text('decision_note'),
    decidedAt: timestamptz('decided_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    check('refunds_amount_check', sql`${t.amount} > 0`),
    // Four eyes: whoever asked for a refund does not approve it.
    check(
      'refunds_decision_check',
      sql`(${t.status} = 'pending_approval' AND ${t.decidedBy} IS NULL)
        OR (${t.status} <> 'pending_approval' AND ${t.decidedBy} IS NOT NULL AND ${t.decidedBy} <> ${t.requestedBy})`,
    ),
    oneOf('refunds_source_check', t.source, REFUND_SOURCES),
    oneOf('refunds_status_check', t.status, REFUND_STATUSES),
  ],
);

export const payoutOrders = pgTable(
  'payout_orders',
  {
    id: id(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    /** The upstream system's number, or ours (`RM…`, `RF…`): what the API and console show. */
    payoutNo: text('payout_no').notNull().unique(),
    source: text('source', { enum: PAYOUT_SOURCES }).notNull(),
    purpose: text('purpose', { enum: PAYOUT_PURPOSES }).notNull(),
    funderId: ref('funder_id')
      .notNull()
      .references(() => funders.id),
    batchId: ref('batch_id').references(() => remittanceBatches.id),
    splitNo: integer('split_no'),
    refundId: ref('refund_id').references(() => refunds.id),
    amount: money('amount').notNull(),
    fee: money('fee'),
    payeeNameEnc: text('payee_name_enc').notNull(),
    payeeNameMask: text('payee_name_mask').notNull(),
    payeeAccountEnc: text('payee_account_enc').notNull(),
    payeeAccountHash: text('payee_account_hash').notNull(),
    payeeAccountMask: text('payee_account_mask').notNull(),
    payeeBankCode: text('payee_bank_code').notNull(),
    memo: text('memo'),
    status: text('status', { enum: PAYOUT_STATUSES }).notNull().default('queued'),
    /** Why a queued order waits (no position covers it, no channel takes the bank). */
    waitReason: text('wait_reason'),
    /** The channel routing would choose were its position enough (the top-up alert's). */
    wantedChannel: text('wanted_channel'),
    channelCode: text('channel_code'),
    channelSerial: text('channel_serial'),
    resultClass: text('result_class', { enum: CHANNEL_RESULT_CLASSES }),
    rawCode: text('raw_code'),
    rawMessage: text('raw_message'),
    routingDecisionId: ref('routing_decision_id'),
    /** The account holding this order's reservation while it is unfinished. */
    reservedAccountId: ref('reserved_account_id').references(() => payoutAccounts.id),
    reservedAmount: money('reserved_amount').notNull().default(ZERO),
    queryAttempts: integer('query_attempts').notNull().default(0),
    nextQueryAt: timestamptz('next_query_at'),
    submittedAt: timestamptz('submitted_at'),
    finishedAt: timestamptz('finished_at'),
    requestHash: text('request_hash'),
    createdBy: text('created_by').notNull(),
    ...timestamps(),
  },
  (t) => [
    index('payout_orders_status_idx').on(t.status, t.createdAt),
    index('payout_orders_funder_idx').on(t.funderId, t.createdAt),
    // What a payee was paid today per channel (the bank's daily limit), read for every payout.
    index('payout_orders_payee_day_idx').on(t.payeeAccountHash, t.submittedAt),
    index('payout_orders_query_idx')
      .on(t.nextQueryAt)
      .where(sql`${t.status} IN ('submitted', 'pending')`),
    unique('payout_orders_batch_split_key').on(t.batchId, t.splitNo),
    // A refund is paid by one order at a time: another only after a final failure.
    uniqueIndex('payout_orders_one_refund')
      .on(t.refundId)
      .where(sql`${t.refundId} IS NOT NULL AND ${t.status} <> 'failed'`),
    check('payout_orders_amount_check', sql`${t.amount} > 0 AND coalesce(${t.fee}, 0) >= 0`),
    check(
      'payout_orders_source_check',
      sql`(${t.source} = 'remittance') = (${t.batchId} IS NOT NULL AND ${t.splitNo} IS NOT NULL)
        AND (${t.source} = 'refund') = (${t.refundId} IS NOT NULL)`,
    ),
    // An unfinished sent order holds exactly its amount; any other holds nothing.
    check(
      'payout_orders_reservation_check',
      sql`(${t.status} IN ${reserving} AND ${t.reservedAccountId} IS NOT NULL AND ${t.reservedAmount} = ${t.amount})
        OR (${t.status} NOT IN ${reserving} AND ${t.reservedAmount} = 0)`,
    ),
    oneOf('payout_orders_source_enum_check', t.source, PAYOUT_SOURCES),
    oneOf('payout_orders_purpose_check', t.purpose, PAYOUT_PURPOSES),
    oneOf('payout_orders_status_check', t.status, PAYOUT_STATUSES),
  ],
);

/** Append-only history of a payout order: every state it went through and why. */
export const payoutOrderEvents = pgTable(
  'payout_order_events',
  {
    id: id(),
    payoutOrderId: ref('payout_order_id')
      .notNull()
      .references(() => payoutOrders.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    /** What moved it: submit, answer, query, notification, statement, review, dispatch. */
    source: text('source').notNull(),
    resultClass: text('result_class'),
    rawCode: text('raw_code'),
    rawMessage: text('raw_message'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    actor: text('actor').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [index('payout_order_events_order_idx').on(t.payoutOrderId, t.id)],
);
