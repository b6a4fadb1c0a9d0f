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
};
