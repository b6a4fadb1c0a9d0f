// What reconciliation's services share: their repositories in one transaction, and the
// channel facts they need (through the channels' door, given by the composition).
import type { ChannelFeeRule } from '@repay/db/schema';
import type { AuditLog } from '../events';
import type { ReconRepo } from './recon.repo';

export type Repos = { recon: ReconRepo; audit: AuditLog };

export interface ChannelStatementSettings {
  code: string;
  statementFormat: string;
  feeRule: ChannelFeeRule | null;
  writeOffToleranceFen: bigint;
}

/** The channels' side of reconciliation (ChannelRegistry satisfies it). */
export interface StatementChannels {
  /** Every channel, up or not. */
  codes(): Promise<string[]>;
  statementSettings(code: string): Promise<ChannelStatementSettings>;
  fetchStatement(code: string, businessDate: string): Promise<Uint8Array>;
}

/** A run's outcome counts, as `recon run --json` prints them. */
export interface ReconCounts {
  matched: number;
  overage: number;
  shortage: number;
  mismatch: number;
  pendingResolved: number;
  carried: number;
}
