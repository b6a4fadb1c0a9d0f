// Every module that moves money posts its journals inside its own transaction: binding the
// ledger to a transaction (its repository) is part of this public door; there is no wiring door.
export type { Journal, LedgerRepo, AccountRef } from './ledger.types';
export { accounts, collectedComponentOf } from './accounts';
export {
  collectionJournal,
  debitCollectedJournal,
  loanBookedJournal,
  postJournal,
  postJournals,
} from './ledger.service';
export { createLedgerRepo } from './ledger.repo';
export { accountOfFunder } from './attribution';
export { COLLECTION_JOURNAL_KINDS } from './ledger.read.repo';
export type { LedgerBook, LedgerEntryView, CollectionView } from './ledger.read';
