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
  /** A remittance made and not yet paid out: collections on their way to the funder. */
  remittanceInTransit: (funderCode: string): AccountRef => ({
    code: `remittance.in_transit:${funderCode}`,
    name: `Remittance on its way (${funderCode})`,
    type: 'asset',
    funderCode,
  }),
  /** Collections paid out to the funder (distributions). */
  remittedToFunder: (funderCode: string): AccountRef => ({
    code: `equity.remitted:${funderCode}`,
    name: `Remitted to funder (${funderCode})`,
    type: 'equity',
    funderCode,
  }),
  /** The platform's fee taken from a remittance, per the funder's remittance rule. */
  platformFee: (funderCode: string): AccountRef => ({
    code: `expense.platform_fee:${funderCode}`,
    name: `Platform fee (${funderCode})`,
    type: 'expense',
    funderCode,
  }),
  /** Payouts an upstream system asked for on the funder's account, paid. */
  payoutsPaid: (funderCode: string): AccountRef => ({
    code: `payouts.paid:${funderCode}`,
    name: `Payouts paid on the funder's instruction (${funderCode})`,
    type: 'asset',
    funderCode,
  }),
  /** The funder's money those payouts were made with (funded outside Repay). */
  payoutsFunded: (funderCode: string): AccountRef => ({
    code: `payouts.funded:${funderCode}`,
    name: `Funded for payouts (${funderCode})`,
    type: 'liability',
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

/**
 * What a collection's credit to an account paid: a component of an installment, or money no
 * installment owed (suspense); null for any other account.
 */
export function collectedComponentOf(
  accountCode: string,
): 'principal' | 'interest' | 'fee' | 'penalty' | 'suspense' | null {
  switch (accountCode.split(':')[0]) {
    case 'receivable.principal':
      return 'principal';
    case 'income.interest':
      return 'interest';
    case 'income.fee':
      return 'fee';
    case 'income.penalty':
      return 'penalty';
    case 'suspense.unallocated':
      return 'suspense';
    default:
      return null;
  }
}
