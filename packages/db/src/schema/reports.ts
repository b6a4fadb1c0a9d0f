// Report rollups (报表): per business date, debit orders summed over the dimensions the
// dashboards filter and group by, and channel health summed per channel and bank. A date is
// rebuilt whole (its rows deleted and inserted again with its `debit_rollup_days` row, in one
// transaction), so a rebuild is idempotent and a reader sees a date either rolled up or not:
// dates without a day row (today, or one not built yet) are read live from debit_orders.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  integer,
  pgTable,
  primaryKey,
  text,
} from 'drizzle-orm/pg-core';
import { money, oneOf, ref, timestamptz, ZERO } from './columns';
import { BUSINESS_LINES, DEBIT_OUTCOMES } from './enums';
import { funders, products } from './reference';

/** Orders and their amount (fen) of one outcome (DEBIT_OUTCOMES). */
const outcome = (name: string) => ({
  orders: integer(`${name}_orders`).notNull().default(0),
  amount: money(`${name}_amount`).notNull().default(ZERO),
});
const success = outcome('success');
const failFunds = outcome('fail_funds');
const failCard = outcome('fail_card');
const failRequest = outcome('fail_request');
const failOther = outcome('fail_other');
const inFlight = outcome('in_flight');
const reversed = outcome('reversed');

/**
 * One row per (date, funder, product, business line, channel, bank, window, first attempt or
 * retry): the orders of each outcome with their amounts, and the channel fees of the successes.
 * '' stands for no channel (never routed), no bank (no card) and no window (manual, settlement).
 */
export const debitDailyRollups = pgTable(
  'debit_daily_rollups',
  {
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    funderId: ref('funder_id')
      .notNull()
      .references(() => funders.id),
    productId: ref('product_id')
      .notNull()
      .references(() => products.id),
    businessLine: text('business_line', { enum: BUSINESS_LINES }).notNull(),
    channelCode: text('channel_code').notNull(),
    bankCode: text('bank_code').notNull(),
    window: text('window').notNull(),
    /** Another order of the installment came before this one (an earlier date, or earlier that day). */
    retry: boolean('retry').notNull(),
    successOrders: success.orders,
    successAmount: success.amount,
    failFundsOrders: failFunds.orders,
    failFundsAmount: failFunds.amount,
    failCardOrders: failCard.orders,
    failCardAmount: failCard.amount,
    failRequestOrders: failRequest.orders,
    failRequestAmount: failRequest.amount,
    failOtherOrders: failOther.orders,
    failOtherAmount: failOther.amount,
    inFlightOrders: inFlight.orders,
    inFlightAmount: inFlight.amount,
    reversedOrders: reversed.orders,
    reversedAmount: reversed.amount,
    /** The channel's fee on the successes, by its fee rule (else its cost per transaction). */
    fee: money('fee').notNull().default(ZERO),
  },
  (t) => [
    primaryKey({
      name: 'debit_daily_rollups_pk',
      columns: [
        t.businessDate,
        t.funderId,
        t.productId,
        t.businessLine,
        t.channelCode,
        t.bankCode,
        t.window,
        t.retry,
      ],
    }),
    oneOf('debit_daily_rollups_business_line_check', t.businessLine, BUSINESS_LINES),
  ],
);

/** Failed orders per raw code, over the same dimensions: the failure reasons. */
export const debitDailyFailureCodes = pgTable(
  'debit_daily_failure_codes',
  {
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    funderId: ref('funder_id')
      .notNull()
      .references(() => funders.id),
    productId: ref('product_id')
      .notNull()
      .references(() => products.id),
    businessLine: text('business_line', { enum: BUSINESS_LINES }).notNull(),
    channelCode: text('channel_code').notNull(),
    bankCode: text('bank_code').notNull(),
    window: text('window').notNull(),
    retry: boolean('retry').notNull(),
    /** fail_funds, fail_card, fail_request or fail_other. */
    outcome: text('outcome', { enum: DEBIT_OUTCOMES }).notNull(),
    /** The channel's raw code ('' when none). */
    rawCode: text('raw_code').notNull(),
    orders: integer('orders').notNull(),
    amount: money('amount').notNull(),
  },
  (t) => [
    primaryKey({
      name: 'debit_daily_failure_codes_pk',
      columns: [
        t.businessDate,
        t.funderId,
        t.productId,
        t.businessLine,
        t.channelCode,
        t.bankCode,
        t.window,
        t.retry,
        t.outcome,
        t.rawCode,
      ],
    }),
    oneOf('debit_daily_failure_codes_business_line_check', t.businessLine, BUSINESS_LINES),
    check(
      'debit_daily_failure_codes_outcome_check',
      sql`${t.outcome} IN ('fail_funds', 'fail_card', 'fail_request', 'fail_other')`,
    ),
  ],
);

/** Channel health per business date (Asia/Shanghai), summed from its 10-second buckets. */
export const channelDailyRollups = pgTable(
  'channel_daily_rollups',
  {
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    channelCode: text('channel_code').notNull(),
    bankCode: text('bank_code').notNull(),
    attempts: integer('attempts').notNull(),
    successes: integer('successes').notNull(),
    borrowerFailures: integer('borrower_failures').notNull(),
    errors: integer('errors').notNull(),
    latencyMsSum: bigint('latency_ms_sum', { mode: 'number' }).notNull(),
    latencyMsMax: integer('latency_ms_max').notNull(),
  },
  (t) => [
    primaryKey({
      name: 'channel_daily_rollups_pk',
      columns: [t.businessDate, t.channelCode, t.bankCode],
    }),
  ],
);

/**
 * The dates rolled up: when, how many orders, and the latest change among them then. A later
 * change means the date is built again; so does, once a few minutes have passed, a change
 * made just before the build (its transaction may still have been open).
 */
export const debitRollupDays = pgTable('debit_rollup_days', {
  businessDate: date('business_date', { mode: 'string' }).primaryKey(),
  builtAt: timestamptz('built_at').notNull(),
  orders: integer('orders').notNull(),
  ordersChangedAt: timestamptz('orders_changed_at'),
});

export type DebitRollupDay = typeof debitRollupDays.$inferSelect;
