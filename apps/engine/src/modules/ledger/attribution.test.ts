import { describe, expect, it } from 'vitest';
import { accounts } from './accounts';
import { accountOfFunder, attribute, ownerAt, type OwnershipChange } from './attribution';
import type { Journal } from './ledger.types';

const chain: OwnershipChange[] = [
  { cutoffDate: '2026-05-01', from: 'A', to: 'B' },
  { cutoffDate: '2026-08-01', from: 'B', to: 'C' },
];
const collection = (effectiveDate: string, funder: string): Journal => ({
  idempotencyKey: `c:${effectiveDate}`,
  kind: 'debit_collected',
  effectiveDate,
  loanId: 1n,
  entries: [
    { account: accounts.collectionsClearing(funder), amount: 10500n },
    { account: accounts.principalReceivable(funder), amount: -10000n },
    { account: accounts.interestIncome(funder), amount: -500n },
  ],
});
const byAccount = (j: Journal) =>
  Object.fromEntries(
    [...new Set(j.entries.map((e) => e.account.code))].map((code) => [
      code,
      j.entries.filter((e) => e.account.code === code).reduce((s, e) => s + e.amount, 0n),
    ]),
  );

describe('owner at a date', () => {
  it('the first seller before any cut-off, each buyer from its cut-off on', () => {
    expect(ownerAt([], '2026-01-01')).toBeNull();
    expect(ownerAt(chain, '2026-04-30')).toBe('A');
    expect(ownerAt(chain, '2026-05-01')).toBe('B');
    expect(ownerAt(chain, '2026-07-31')).toBe('B');
    expect(ownerAt(chain, '2026-08-01')).toBe('C');
  });

  it('moves an account to another funder by its code suffix and name', () => {
    expect(accountOfFunder(accounts.penaltyIncome('F-A:1'), 'F-B')).toEqual(
      accounts.penaltyIncome('F-B'),
    );
  });
});

describe('attributing a journal', () => {
  it('after the last cut-off: the current owner, as posted', () => {
    expect(byAccount(attribute(collection('2026-09-01', 'C'), chain))).toEqual({
      'clearing.collections:C': 10500n,
      'receivable.principal:C': -10000n,
      'income.interest:C': -500n,
    });
  });

  it('before a cut-off: the owner of then, and the principal the transfer moved trued up', () => {
    const j = attribute(collection('2026-06-15', 'C'), chain);
    expect(byAccount(j)).toEqual({
      'clearing.collections:B': 10500n,
      'receivable.principal:B': 0n, // −10,000.00 collected, +10,000.00 true-up: B sold it all
      'receivable.principal:C': -10000n, // C bought 100.00 less than the transfer moved
      'income.interest:B': -500n,
    });
    expect(j.entries.reduce((s, e) => s + e.amount, 0n)).toBe(0n);
  });

  it('loans never transferred and transfer journals stay as they are', () => {
    const plain = collection('2026-06-15', 'A');
    expect(attribute(plain, [])).toBe(plain);
    const fixed = { ...plain, keepAccounts: true };
    expect(attribute(fixed, chain)).toBe(fixed);
  });
});
