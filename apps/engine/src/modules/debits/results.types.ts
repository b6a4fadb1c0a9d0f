// What the parts of the debit results share: the repositories of one transaction, and who acts.
import type { Executor } from '../../lib/executor';
import type { OutboxRepo } from '../events';
import type { LedgerRepo } from '../ledger';
import type { DebitAnswersRepo } from './answers.repo';
import type { DebitsRepo } from './debits.repo';
import type { DebitReviewRepo } from './review.repo';

export type Repos = {
  /** This transaction, for the other modules' functions it calls (loans, overdue, anomalies). */
  tx: Executor;
  debits: DebitsRepo;
  debitAnswers: DebitAnswersRepo;
  debitReview: DebitReviewRepo;
  ledger: LedgerRepo;
  outbox: OutboxRepo;
};
export type Actor = { type: string; id: string };
