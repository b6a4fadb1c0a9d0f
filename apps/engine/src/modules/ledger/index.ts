export type { Journal, JournalEntry, LedgerRepo, AccountRef } from './ledger.types';
export { accounts } from './accounts';
export {
  assertBalanced,
  collectionJournal,
  debitCollectedJournal,
  loanBookedJournal,
  postJournal,
  postJournals,
} from './ledger.service';
export { createLedgerRepo } from './ledger.repo';
export { accountOfFunder, attribute, ownerAt, type OwnershipChange } from './attribution';
