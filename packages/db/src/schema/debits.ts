// Debit orders (代扣): one row per attempt to collect an installment through a channel, and
// the append-only history of its states. Laid down with the loans API (GET /loans/{orderNo}/debits);
// the window runs fill them.
//
// Idempotency: `idempotency_key` is derived from (installment, business date, window, attempt)
// or the manual action's id, and is unique. "At most one debit in flight per installment
// across all channels, windows and manual actions" is the partial unique index
// `debit_orders_one_in_flight` over the non-final statuses.
//
// The debit guard: every insert into debit_orders, whatever path makes it, passes the trigger
// `debit_orders_guard` (migration 0023), which takes the loan's debit lock and re-checks under
// it that the order may exist at all (see the migration). A refused row is not inserted.
import { sql } from 'drizzle-orm';
import {
  bigint,
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
import { id, money, oneOf, ref, timestamps, timestamptz } from './columns';
import {
  ACTOR_TYPES,
  BUSINESS_LINES,
  CHANNEL_RESULT_CLASSES,
  DEBIT_RUN_STATUSES,
  DEBIT_SOURCES,
  DEBIT_STATUSES,
  AWAITING_ANSWER_DEBIT_STATUSES,
  IN_FLIGHT_DEBIT_STATUSES,
  SHARD_STATUSES,
} from './enums';
import { sqlList } from '../sql-list';
import { installments, loans } from './loans';
import { cards } from './parties';
import { funders, products } from './reference';

const inFlight = sql.raw(sqlList(IN_FLIGHT_DEBIT_STATUSES));
const awaitingAnswer = sql.raw(sqlList(AWAITING_ANSWER_DEBIT_STATUSES));

export const debitOrders = pgTable(
  'debit_orders',
  {
    id: id(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    loanId: ref('loan_id')
      .notNull()
      .references(() => loans.id),
    installmentId: ref('installment_id')
      .notNull()
      .references(() => installments.id),
    // The owner of the money at the order's creation (asset transfers change loans.funder_id).
    funderId: ref('funder_id')
      .notNull()
      .references(() => funders.id),
    cardId: ref('card_id').references(() => cards.id),
    // What the reports count an order by, set at insert by the trigger debit_orders_dimensions
    // (migration 0047) from its loan and card: its day's dashboard reads them off the row.
    productId: ref('product_id').references(() => products.id),
    businessLine: text('business_line', { enum: BUSINESS_LINES }),
    bankCode: text('bank_code'),
    source: text('source', { enum: DEBIT_SOURCES }).notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    // 'HH:MM' of the deduction window (Asia/Shanghai); null for manual and settlement debits.
    window: text('window'),
    /** The order's number among its installment's orders (1: the first; more: a retry), set at insert. */
    attempt: integer('attempt').notNull().default(1),
    amount: money('amount').notNull(),
    channelCode: text('channel_code'),
    // The channel's own serial number, for reconciliation.
    channelSerial: text('channel_serial'),
    status: text('status', { enum: DEBIT_STATUSES }).notNull().default('created'),
    resultClass: text('result_class', { enum: CHANNEL_RESULT_CLASSES }),
    rawCode: text('raw_code'),
    rawMessage: text('raw_message'),
    // Why this channel and amount: the routing decision and the rule versions that made it.
    routing: jsonb('routing').$type<Record<string, unknown>>(),
    ruleVersions: jsonb('rule_versions').$type<Record<string, string>>(),
    batchRunId: ref('batch_run_id'),
    /** Compensation: how often the channel was asked, and when to ask next (pending orders). */
    queryAttempts: integer('query_attempts').notNull().default(0),
    nextQueryAt: timestamptz('next_query_at'),
    /** Times the order was sent again with the same id (the channel had no such order). */
    resends: integer('resends').notNull().default(0),
    submittedAt: timestamptz('submitted_at'),
    finishedAt: timestamptz('finished_at'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('debit_orders_one_in_flight')
      .on(t.installmentId)
      .where(sql`${t.status} IN ${inFlight}`),
    // A settlement debit takes the whole loan: one in flight per loan (and the guard trigger
    // keeps every other debit of the loan out while it is).
    uniqueIndex('debit_orders_one_settlement_in_flight')
      .on(t.loanId)
      .where(sql`${t.source} = 'settlement' AND ${t.status} IN ${inFlight}`),
    index('debit_orders_loan_idx').on(t.loanId),
    index('debit_orders_business_date_window_idx').on(t.businessDate, t.window),
    index('debit_orders_next_query_idx')
      .on(t.nextQueryAt)
      .where(sql`${t.status} IN ${awaitingAnswer}`),
    index('debit_orders_batch_run_idx').on(t.batchRunId),
    // Orders made and never sent (a send cut short): few, swept every minute.
    index('debit_orders_created_idx')
      .on(t.createdAt)
      .where(sql`${t.status} = 'created'`),
    index('debit_orders_card_date_idx').on(t.cardId, t.businessDate),
    // Today's attempts of an installment (eligibility, step-down, failover between windows).
    index('debit_orders_installment_date_idx').on(t.installmentId, t.businessDate),
    oneOf('debit_orders_source_check', t.source, DEBIT_SOURCES),
    oneOf('debit_orders_status_check', t.status, DEBIT_STATUSES),
    check(
      'debit_orders_result_class_check',
      sql`${t.resultClass} IS NULL OR ${t.resultClass} IN (${sql.raw(CHANNEL_RESULT_CLASSES.map((s) => `'${s}'`).join(', '))})`,
    ),
    check('debit_orders_amount_check', sql`${t.amount} > 0`),
    check('debit_orders_attempt_check', sql`${t.attempt} >= 1`),
    check(
      'debit_orders_business_line_check',
      sql`${t.businessLine} IS NULL OR ${t.businessLine} IN (${sql.raw(BUSINESS_LINES.map((s) => `'${s}'`).join(', '))})`,
    ),
    check('debit_orders_resends_check', sql`${t.resends} >= 0`),
  ],
);

/**
 * A deduction window run: keyed by (business date, window, scope) so two schedulers or a
 * retry cannot start it twice. The eligible installments are frozen into shards page by page
 * (in installment id order), each page with its shards and the cursor in one transaction, so
 * the first shards run while later pages are selected and a selection cut short resumes.
 */
export const debitRuns = pgTable(
  'debit_runs',
  {
    id: id(),
    runKey: text('run_key').notNull().unique(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    window: text('window').notNull(),
    /** '*' for every loan, else 'funder:<code>' or 'business_line:<line>'. */
    scope: text('scope').notNull(),
    status: text('status', { enum: DEBIT_RUN_STATUSES }).notNull().default('running'),
    shardsTotal: integer('shards_total').notNull().default(0),
    installmentsTotal: integer('installments_total').notNull().default(0),
    /** The last installment id the selection has looked at; null before its first page. */
    selectionCursor: bigint('selection_cursor', { mode: 'bigint' }),
    /** When the selection finished; until then shards are still being added. */
    selectedAt: timestamptz('selected_at'),
    startedBy: text('started_by').notNull(),
    startedAt: timestamptz('started_at').notNull().defaultNow(),
    finishedAt: timestamptz('finished_at'),
  },
  (t) => [
    oneOf('debit_runs_status_check', t.status, DEBIT_RUN_STATUSES),
    index('debit_runs_date_idx').on(t.businessDate),
  ],
);

export const debitRunShards = pgTable(
  'debit_run_shards',
  {
    id: id(),
    runId: ref('run_id')
      .notNull()
      .references(() => debitRuns.id),
    shardNo: integer('shard_no').notNull(),
    installmentIds: bigint('installment_ids', { mode: 'bigint' }).array().notNull(),
    status: text('status', { enum: SHARD_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    worker: text('worker'),
    claimedAt: timestamptz('claimed_at'),
    finishedAt: timestamptz('finished_at'),
    error: text('error'),
  },
  (t) => [
    unique('debit_run_shards_run_shard_unique').on(t.runId, t.shardNo),
    oneOf('debit_run_shards_status_check', t.status, SHARD_STATUSES),
    index('debit_run_shards_status_idx').on(t.status),
  ],
);

/** Append-only state history of debit orders (who, when, from → to, raw channel code). */
export const debitOrderEvents = pgTable(
  'debit_order_events',
  {
    id: id(),
    debitOrderId: ref('debit_order_id')
      .notNull()
      .references(() => debitOrders.id),
    fromStatus: text('from_status', { enum: DEBIT_STATUSES }),
    toStatus: text('to_status', { enum: DEBIT_STATUSES }).notNull(),
    resultClass: text('result_class', { enum: CHANNEL_RESULT_CLASSES }),
    rawCode: text('raw_code'),
    rawMessage: text('raw_message'),
    actorType: text('actor_type', { enum: ACTOR_TYPES }).notNull(),
    actorId: text('actor_id').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [index('debit_order_events_order_idx').on(t.debitOrderId)],
);

export type DebitOrder = typeof debitOrders.$inferSelect;
export type NewDebitOrder = typeof debitOrders.$inferInsert;
export type DebitOrderEvent = typeof debitOrderEvents.$inferSelect;
export type DebitRun = typeof debitRuns.$inferSelect;
export type DebitRunShard = typeof debitRunShards.$inferSelect;
