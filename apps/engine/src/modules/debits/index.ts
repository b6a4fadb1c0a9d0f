export { createDebitsRepo, type DebitsRepo, type DebitCandidate } from './debits.repo';
export {
  createDebitResults,
  type DebitResults,
  DEFAULT_REVIEW_APPROVAL_ABOVE,
  QUERY_BACKOFF_SECONDS,
} from './results.service';
export { createDebitAnswersRepo, type DebitAnswersRepo } from './answers.repo';
export { createDebitReviewRepo, type DebitReviewRepo } from './review.repo';
export { createDebitRuns, type DebitRuns, orderKeyOf, scopeKey, SHARD_SIZE } from './runs.service';
export { createDebitCompensation, type DebitCompensation } from './compensation.service';
export { createDebitScheduler, type DebitScheduler } from './scheduler.service';
export { createDebitsConsoleRepo, type DebitsConsoleRepo } from './console.repo';
export { createDebitsConsole, type DebitsConsole } from './console.service';
export { debitsRouter } from './debits.router';
