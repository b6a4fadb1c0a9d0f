// Payment channels: the registry (secrets encrypted), card bindings with their per-channel
// attempts, and the agreements (protocolNo encrypted) a card holds at each channel.
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { id, oneOf, ref, timestamps, timestamptz } from './columns';
import {
  AGREEMENT_STATUSES,
  BINDING_ATTEMPT_STATUSES,
  BINDING_STATUSES,
  CHANNEL_ADAPTERS,
  CHANNEL_STATUSES,
  CIRCUIT_STATES,
} from './enums';
import { loans } from './loans';
import { cards } from './parties';

/** Per bank: single and daily limits in fen (numbers: far below 2^53). */
export type ChannelBankLimits = {
  bankCode: string;
  singleLimitFen: number;
  dailyLimitFen: number;
}[];

export type ChannelFeeRule = { perMille: number; minFen: number; maxFen?: number | null };

export const channels = pgTable(
  'channels',
  {
    id: id(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    adapter: text('adapter', { enum: CHANNEL_ADAPTERS }).notNull(),
    /** The raw-code vocabulary its answers are classified with. */
    vocabulary: text('vocabulary').notNull(),
    endpoint: text('endpoint').notNull(),
    merchant: text('merchant').notNull(),
    secretEnc: text('secret_enc').notNull(),
    banks: jsonb('banks').$type<ChannelBankLimits>().notNull(),
    costPerTxnFen: bigint('cost_per_txn_fen', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    /** The layout of its statement files (a format's name: a preset or a saved one). */
    statementFormat: text('statement_format').notNull().default('sandbox'),
    /**
     * What it charges per transaction, checked against its statement: per mille of the amount
     * rounded down, at least minFen, at most maxFen. Null: fees are recorded, not checked.
     */
    feeRule: jsonb('fee_rule').$type<ChannelFeeRule>(),
    /** Fen: an amount or fee difference finance may write off without a second person. */
    writeOffToleranceFen: bigint('write_off_tolerance_fen', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    status: text('status', { enum: CHANNEL_STATUSES }).notNull().default('up'),
    maintenance: jsonb('maintenance')
      .$type<{ start: string; end: string }[]>()
      .notNull()
      .default([]),
    maxConcurrency: integer('max_concurrency').notNull().default(16),
    ratePerSecond: integer('rate_per_second').notNull().default(50),
    timeoutMs: integer('timeout_ms').notNull().default(10_000),
    /** Circuit breaker: set by health evaluation (or an ops reset), read by routing. */
    circuitState: text('circuit_state', { enum: CIRCUIT_STATES }).notNull().default('closed'),
    /** Null until the circuit first moves. */
    circuitChangedAt: timestamptz('circuit_changed_at'),
    circuitReason: text('circuit_reason'),
    ...timestamps(),
  },
  (t) => [
    oneOf('channels_adapter_check', t.adapter, CHANNEL_ADAPTERS),
    oneOf('channels_circuit_state_check', t.circuitState, CIRCUIT_STATES),
    oneOf('channels_status_check', t.status, CHANNEL_STATUSES),
    check('channels_cost_check', sql`${t.costPerTxnFen} >= 0`),
    check('channels_write_off_tolerance_check', sql`${t.writeOffToleranceFen} >= 0`),
  ],
);

export const cardBindings = pgTable(
  'card_bindings',
  {
    id: id(),
    loanId: ref('loan_id')
      .notNull()
      .references(() => loans.id),
    cardId: ref('card_id')
      .notNull()
      .references(() => cards.id),
    status: text('status', { enum: BINDING_STATUSES }).notNull().default('sms_sent'),
    ...timestamps(),
  },
  (t) => [
    oneOf('card_bindings_status_check', t.status, BINDING_STATUSES),
    index('card_bindings_loan_idx').on(t.loanId),
    // A repeated bind request for the same card returns the open binding: no second SMS.
    uniqueIndex('card_bindings_one_open')
      .on(t.loanId, t.cardId)
      .where(sql`${t.status} = 'sms_sent'`),
  ],
);

export const cardBindingAttempts = pgTable(
  'card_binding_attempts',
  {
    id: id(),
    bindingId: ref('binding_id')
      .notNull()
      .references(() => cardBindings.id),
    channelCode: text('channel_code').notNull(),
    bindTokenEnc: text('bind_token_enc'),
    status: text('status', { enum: BINDING_ATTEMPT_STATUSES }).notNull(),
    rawCode: text('raw_code').notNull(),
    rawMessage: text('raw_message').notNull(),
    ...timestamps(),
  },
  (t) => [
    unique('card_binding_attempts_channel_unique').on(t.bindingId, t.channelCode),
    oneOf('card_binding_attempts_status_check', t.status, BINDING_ATTEMPT_STATUSES),
  ],
);

export const cardAgreements = pgTable(
  'card_agreements',
  {
    id: id(),
    cardId: ref('card_id')
      .notNull()
      .references(() => cards.id),
    channelCode: text('channel_code').notNull(),
    protocolNoEnc: text('protocol_no_enc').notNull(),
    status: text('status', { enum: AGREEMENT_STATUSES }).notNull().default('active'),
    /** The channel answer that last changed the status (e.g. the fail_card that suspended it). */
    rawCode: text('raw_code'),
    rawMessage: text('raw_message'),
    ...timestamps(),
  },
  (t) => [
    // One agreement per card per channel: binding again updates it.
    unique('card_agreements_card_channel_unique').on(t.cardId, t.channelCode),
    oneOf('card_agreements_status_check', t.status, AGREEMENT_STATUSES),
  ],
);

export type ChannelRow = typeof channels.$inferSelect;

/**
 * A channel's concurrency shared by every engine process: each process holds a lease on a
 * number of the channel's slots (renewed every half second while it calls the channel, for ten
 * seconds at a time), and starts calls only within them. The slots held add up to the channel's
 * max_concurrency at most (renewals take the channel's row lock); a process that dies loses its
 * slots when its lease expires.
 */
export const channelSlotLeases = pgTable(
  'channel_slot_leases',
  {
    channelCode: text('channel_code')
      .notNull()
      .references(() => channels.code),
    /** The engine process (host, pid and a random part: one per app instance). */
    holder: text('holder').notNull(),
    slots: integer('slots').notNull(),
    /** Calls it has waiting or out, up to the limit: what its fair share is computed from. */
    wants: integer('wants').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
  },
  (t) => [
    unique('channel_slot_leases_channel_holder_unique').on(t.channelCode, t.holder),
    check('channel_slot_leases_slots_check', sql`${t.slots} >= 0 AND ${t.wants} >= 0`),
  ],
);
