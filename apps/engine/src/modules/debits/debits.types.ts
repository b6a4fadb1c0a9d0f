// The shapes the debit repositories read and write.
import type { DebitStatus } from '@repay/db/schema';
import type { ChannelResultClass } from '@repay/rules';

/** An installment with what routing and the window rule need to decide about it. */
export interface DebitCandidate {
  installmentId: bigint;
  loanId: bigint;
  orderNo: string;
  businessLine: string;
  funderId: bigint;
  funderCode: string;
  productCode: string;
  cardId: bigint;
  bankCode: string;
  dueDate: string;
  loanActive: boolean;
  pausedUntil: string | null;
  outstandingFen: bigint;
  attemptsToday: number;
  insufficientToday: number;
}

export interface DebitOrderRow {
  id: bigint;
  idempotencyKey: string;
  loanId: bigint;
  installmentId: bigint;
  funderId: bigint;
  cardId: bigint | null;
  amount: bigint;
  status: DebitStatus;
  channelCode: string | null;
  businessDate: string;
  window: string | null;
  queryAttempts: number;
  batchRunId: bigint | null;
}

/** A window's order as the shard makes it. */
export interface NewOrder {
  idempotencyKey: string;
  loanId: bigint;
  installmentId: bigint;
  funderId: bigint;
  cardId: bigint;
  amount: bigint;
  ruleVersions: Record<string, string>;
}

export interface MovePatch {
  channelCode?: string;
  routing?: unknown;
  resultClass?: ChannelResultClass | null;
  rawCode?: string | null;
  rawMessage?: string | null;
  channelSerial?: string | null;
  nextQueryAt?: Date | null;
  queryAttempts?: number;
  /** The amount changes only when a debit is split at submission (channel limits). */
  amount?: bigint;
  submitted?: boolean;
  finished?: boolean;
  /**
   * Move only if the debit guard's rule allows this debit to take money at this instant (the
   * business clock's now): a `created` order's first send is a debit like its insert was.
   */
  guardAt?: Date;
}

/** One order's state change: from one of `from` to `to`. */
export interface Move {
  id: bigint;
  from: DebitStatus[];
  to: DebitStatus;
  patch: MovePatch;
}

/** A run's scope as filters (none: every loan). */
export interface RunScopeFilter {
  funderCode?: string;
  businessLine?: string;
}

/** Where a run's selection stands: the last installment id it looked at (null: none yet). */
export interface SelectionState {
  runId: bigint;
  businessDate: string;
  window: string;
  scope: string;
  cursor: bigint | null;
}

export interface LockedInstallment {
  id: bigint;
  dueDate: string;
  period: number;
  orderNo: string;
  businessLine: string;
  funderCode: string;
  productCode: string;
  outstanding: { principal: bigint; interest: bigint; fee: bigint; penalty: bigint };
}
