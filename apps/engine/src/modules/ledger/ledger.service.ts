import { AppError } from '../../lib/errors';
import { accounts } from './accounts';
import type { AccountRef, Journal, LedgerRepo } from './ledger.types';

export function assertBalanced(journal: Journal): void {
  const sum = journal.entries.reduce((acc, e) => acc + e.amount, 0n);
  if (sum !== 0n || journal.entries.length < 2) {
    throw new AppError('INTERNAL', `journal ${journal.idempotencyKey} does not balance (${sum})`);
  }
}

/** Validates and posts; the database also refuses unbalanced journals and any later edit. */
export async function postJournal(repo: LedgerRepo, journal: Journal): Promise<boolean> {
  assertBalanced(journal);
  return repo.insertJournal(journal);
}

/** Validates every journal, then posts them together; returns the keys posted now. */
export async function postJournals(repo: LedgerRepo, journals: Journal[]): Promise<Set<string>> {
  for (const journal of journals) assertBalanced(journal);
  return repo.insertJournals(journals);
}

/** A new loan: the funder's money becomes principal the borrower owes. */
export function loanBookedJournal(input: {
  orderNo: string;
  loanId: bigint;
  funderCode: string;
  principal: bigint;
  effectiveDate: string;
}): Journal {
  return {
    idempotencyKey: `loan.booked:${input.orderNo}`,
    kind: 'loan_booked',
    effectiveDate: input.effectiveDate,
    loanId: input.loanId,
    entries: [
      { account: accounts.principalReceivable(input.funderCode), amount: input.principal },
      { account: accounts.funderFunding(input.funderCode), amount: -input.principal },
    ],
  };
}

/** Money collected for installments: clearing up, principal receivable down, interest earned. */
export function collectionJournal(input: {
  idempotencyKey: string;
  kind: string;
  loanId: bigint;
  funderCode: string;
  principal: bigint;
  interest: bigint;
  effectiveDate: string;
}): Journal {
  const entries: Journal['entries'] = [
    {
      account: accounts.collectionsClearing(input.funderCode),
      amount: input.principal + input.interest,
    },
    { account: accounts.principalReceivable(input.funderCode), amount: -input.principal },
    { account: accounts.interestIncome(input.funderCode), amount: -input.interest },
  ].filter((e) => e.amount !== 0n);
  return {
    idempotencyKey: input.idempotencyKey,
    kind: input.kind,
    effectiveDate: input.effectiveDate,
    loanId: input.loanId,
    entries,
  };
}

/**
 * A channel debit that succeeded: clearing up by the amount, each component credited where
 * it belongs, and anything no installment owed into suspense.
 */
export function debitCollectedJournal(input: {
  orderKey: string;
  /** Where the money came in: channel collections clearing by default. */
  receivedInto?: AccountRef;
  kind?: string;
  loanId: bigint;
  funderCode: string;
  effectiveDate: string;
  ruleVersionId?: bigint;
  paid: { principal: bigint; interest: bigint; fee: bigint; penalty: bigint };
  unallocated: bigint;
}): Journal {
  const { paid, funderCode } = input;
  const total = paid.principal + paid.interest + paid.fee + paid.penalty + input.unallocated;
  const entries: Journal['entries'] = [
    { account: input.receivedInto ?? accounts.collectionsClearing(funderCode), amount: total },
    { account: accounts.principalReceivable(funderCode), amount: -paid.principal },
    { account: accounts.interestIncome(funderCode), amount: -paid.interest },
    { account: accounts.feeIncome(funderCode), amount: -paid.fee },
    { account: accounts.penaltyIncome(funderCode), amount: -paid.penalty },
    { account: accounts.suspense(funderCode), amount: -input.unallocated },
  ].filter((e) => e.amount !== 0n);
  return {
    idempotencyKey: `${input.kind ?? 'debit.collected'}:${input.orderKey}`,
    kind: (input.kind ?? 'debit.collected').replace('.', '_'),
    effectiveDate: input.effectiveDate,
    loanId: input.loanId,
    ruleVersionId: input.ruleVersionId,
    entries,
  };
}
