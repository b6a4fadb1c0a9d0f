// Channel health, durable: outcome counters in 10-second buckets per channel and
// bank (sliding-window success rates and error bursts are sums over them), the routing
// decisions with their candidates and scores, and the verified notifications channels push.
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
} from 'drizzle-orm/pg-core';
import { id, money, oneOf, ref, timestamptz } from './columns';
import { CHANNEL_RESULT_CLASSES, ROUTING_SUBJECTS } from './enums';
import { loans } from './loans';
import { ruleVersions } from './rules';

export const channelHealthBuckets = pgTable(
  'channel_health_buckets',
  {
    channelCode: text('channel_code').notNull(),
    bankCode: text('bank_code').notNull(),
    /** Start of the 10-second bucket. */
    bucketStart: timestamptz('bucket_start').notNull(),
    attempts: integer('attempts').notNull().default(0),
    successes: integer('successes').notNull().default(0),
    /** fail_funds and fail_card: the borrower's card, not the channel; left out of rates. */
    borrowerFailures: integer('borrower_failures').notNull().default(0),
    /** pending (timeout, busy, unknown), fail_request and duplicate: the channel misbehaving. */
    errors: integer('errors').notNull().default(0),
    latencyMsSum: bigint('latency_ms_sum', { mode: 'number' }).notNull().default(0),
    latencyMsMax: integer('latency_ms_max').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.channelCode, t.bankCode, t.bucketStart] }),
    index('channel_health_buckets_time_idx').on(t.bucketStart),
    check(
      'channel_health_buckets_counts_check',
      sql`${t.successes} + ${t.borrowerFailures} + ${t.errors} <= ${t.attempts}`,
    ),
  ],
);

export type RoutingCandidateRecord = {
  code: string;
  excluded: string | null;
  degraded: boolean;
  score: number | null;
  successRate: number | null;
};

export const routingDecisions = pgTable(
  'routing_decisions',
  {
    id: id(),
    /** The order id the decision was made for: one decision per order, a repeat is harmless. */
    decisionKey: text('decision_key').notNull().unique(),
    subject: text('subject', { enum: ROUTING_SUBJECTS }).notNull(),
    loanId: ref('loan_id').references(() => loans.id),
    ruleVersionId: ref('rule_version_id').references(() => ruleVersions.id),
    route: text('route'),
    bankCode: text('bank_code').notNull(),
    amount: money('amount').notNull(),
    chosen: text('chosen'),
    candidates: jsonb('candidates').$type<RoutingCandidateRecord[]>().notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    oneOf('routing_decisions_subject_check', t.subject, ROUTING_SUBJECTS),
    index('routing_decisions_created_idx').on(t.createdAt),
    index('routing_decisions_loan_idx').on(t.loanId),
  ],
);

export const channelNotifications = pgTable(
  'channel_notifications',
  {
    id: id(),
    channelCode: text('channel_code').notNull(),
    orderId: text('order_id').notNull(),
    resultClass: text('result_class', { enum: CHANNEL_RESULT_CLASSES }).notNull(),
    rawCode: text('raw_code').notNull(),
    rawMessage: text('raw_message').notNull(),
    amount: money('amount'),
    channelSerial: text('channel_serial'),
    /** A repeated delivery of the same body is stored once. */
    bodySha256: text('body_sha256').notNull(),
    receivedAt: timestamptz('received_at').notNull().defaultNow(),
  },
  (t) => [
    unique('channel_notifications_body_unique').on(t.channelCode, t.bodySha256),
    index('channel_notifications_order_idx').on(t.channelCode, t.orderId),
    oneOf('channel_notifications_result_class_check', t.resultClass, CHANNEL_RESULT_CLASSES),
  ],
);

export type RoutingDecisionRow = typeof routingDecisions.$inferSelect;
export type ChannelNotificationRow = typeof channelNotifications.$inferSelect;
