// What a sandbox channel instance remembers. Kept in memory: a restart is a new channel.
import type { Outcome, VocabularyName } from './vocabularies';

export interface Profile {
  /** Response latency, uniformly between min and max milliseconds. */
  latencyMs: { min: number; max: number };
  /** Share of debits and payouts whose response never arrives in time (the order still happens). */
  timeoutRatio: number;
  /** Share of debits and payouts answered "processing" and resolved later. */
  pendingRatio: number;
  /** Requests beyond this many at once are turned away with a busy code. */
  maxConcurrency: number;
  /** Share of debits and payouts turned away busy whatever the load (no order is made of them). */
  busyRatio: number;
  /** Everything answers "maintenance" while true. */
  outage: boolean;
  /** A pending order resolves on the first query (or by itself) after this long. */
  pendingResolveMs: number;
  /** How long a "timed out" response is held back. */
  timeoutHoldMs: number;
  /** Notifications to the order's notifyUrl; `enabled: false` for a channel that only answers queries. */
  notify: { enabled?: boolean; duplicates: number; delayMs: number; outOfOrder: boolean };
  /** Per bank: single and daily debit limits in fen. */
  bankLimits: Record<string, { singleFen: number; dailyFen: number }>;
}

export interface InstanceConfig {
  code: string;
  merchant: string;
  secret: string;
  vocabulary: VocabularyName;
  banks: string[];
  /** Fee the channel charges per transaction: per-mille of the amount, at least `minFen`. */
  fee: { perMille: number; minFen: number };
}

export interface Binding {
  token: string;
  cardNo: string;
  name: string;
  idNo: string;
  mobile: string;
  bankCode: string;
  smsCode: string;
  createdAt: number;
  confirmed: boolean;
}

export interface Agreement {
  protocolNo: string;
  cardNo: string;
  bankCode: string;
  status: 'active' | 'unbound';
  createdAt: number;
}

export type OrderStatus = 'processing' | 'success' | 'failed';

export interface Order {
  orderId: string;
  type: 'debit' | 'payout';
  /** What the merchant asked, for idempotency: same id + same params → same answer. */
  paramsKey: string;
  amountFen: number;
  feeFen: number;
  bankCode: string;
  cardNo: string;
  status: OrderStatus;
  /** The outcome the order has (or will have, once resolved). */
  outcome: Outcome;
  finalOutcome: Outcome;
  channelSerial: string;
  notifyUrl: string | null;
  createdAt: number;
  resolveAt: number | null;
  finishedAt: number | null;
}

export interface SmsRecord {
  mobile: string;
  code: string;
  at: number;
  instance: string;
}

export const DEFAULT_PROFILE: Profile = {
  latencyMs: { min: 0, max: 0 },
  timeoutRatio: 0,
  pendingRatio: 0,
  maxConcurrency: 64,
  busyRatio: 0,
  outage: false,
  pendingResolveMs: 2_000,
  timeoutHoldMs: 15_000,
  notify: { enabled: true, duplicates: 1, delayMs: 0, outOfOrder: false },
  bankLimits: {
    ICBC: { singleFen: 5_000_000, dailyFen: 20_000_000 },
    CCB: { singleFen: 5_000_000, dailyFen: 20_000_000 },
    ABC: { singleFen: 2_000_000, dailyFen: 10_000_000 },
    BOC: { singleFen: 5_000_000, dailyFen: 20_000_000 },
    CMB: { singleFen: 10_000_000, dailyFen: 50_000_000 },
    BOCOM: { singleFen: 2_000_000, dailyFen: 10_000_000 },
  },
};
