// The chart of accounts, per funder where money belongs to one.
import type { AccountRef } from './ledger.types';

export const accounts = {
  principalReceivable: (funderCode: string): AccountRef => ({
    code: `receivable.principal:${funderCode}`,
    name: `Principal receivable (${funderCode})`,
    type: 'asset',
    funderCode,
  }),
  funderFunding: (funderCode: string): AccountRef => ({
    code: `funding.payable:${funderCode}`,
    name: `Funding owed to funder (${funderCode})`,
    type: 'liability',
    funderCode,
  }),
  interestIncome: (funderCode: string): AccountRef => ({
    code: `income.interest:${funderCode}`,
    name: `Interest income (${funderCode})`,
    type: 'income',
    funderCode,
  }),
  collectionsClearing: (funderCode: string): AccountRef => ({
    code: `clearing.collections:${funderCode}`,
    name: `Collections in clearing (${funderCode})`,
    type: 'asset',
    funderCode,
  }),
  feeIncome: (funderCode: string): AccountRef => ({
    code: `income.fee:${funderCode}`,
    name: `Fee income (${funderCode})`,
    type: 'income',
    funderCode,
  }),
  penaltyIncome: (funderCode: string): AccountRef => ({
    code: `income.penalty:${funderCode}`,
    name: `Penalty income (${funderCode})`,
    type: 'income',
    funderCode,
  }),
  /** Money the borrower paid outside the channels (bank transfer, counter). */
  offlineReceipts: (funderCode: string): AccountRef => ({
    code: `receipts.offline:${funderCode}`,
    name: `Offline receipts (${funderCode})`,
    type: 'asset',
    funderCode,
  }),
  /** Money collected that no installment was owed (paid meanwhile): held until refunded. */
  suspense: (funderCode: string): AccountRef => ({
    code: `suspense.unallocated:${funderCode}`,
    name: `Unallocated collections (${funderCode})`,
    type: 'liability',
    funderCode,
  }),
  /** Reconciliation differences written off (a channel short by a fen, a fee off its rule). */
  reconWriteOff: (funderCode: string): AccountRef => ({
    code: `expense.recon_writeoff:${funderCode}`,
    name: `Reconciliation write-offs (${funderCode})`,
    type: 'expense',
    funderCode,
  }),
  /** Money a channel took for no order of ours: in clearing, owed back to whoever paid it. */
  unidentifiedClearing: (): AccountRef => ({
    code: 'clearing.unidentified',
    name: 'Collections without an order, in clearing',
    type: 'asset',
  }),
  unidentifiedSuspense: (): AccountRef => ({
    code: 'suspense.unidentified',
    name: 'Collections without an order, to refund',
    type: 'liability',
  }),
};
