export * from './loans.schema';
export type { LoanRecord, NewLoanBundle } from './loans.types';
export { createLoansService, intakeRequestHash, type LoansService } from './loans.service';
export { requireActiveLoan } from './loan-guards';
export { createLoansRepo, type LoansRepo } from './loans.repo';
export { loansRouter } from './loans.router';
export { loanRestRoutes } from './loans.rest';
export { createCollectionsRepo, type CollectionsRepo, type Components } from './collections.repo';
export { createRepaymentsRepo, type RepaymentsRepo } from './repayments.repo';
export { createRepaymentsService, type RepaymentsService } from './repayments.service';
export { createSettlementRepo, type SettlementRepo } from './settlement.repo';
export { createSettlementService, type SettlementService } from './settlement.service';
export { createRescheduleRepo, type RescheduleRepo } from './reschedule.repo';
export { createRescheduleService, type RescheduleService } from './reschedule.service';
export { createWaiversRepo, type WaiversRepo } from './waivers.repo';
export { createWaiversService, type WaiversService } from './waivers.service';
export { createLoanHistoryRepo, type LoanHistoryRepo } from './history.repo';
export { createLoanHistoryService, type LoanHistoryService } from './history.service';
export {
  quoteIdOfDebit,
  settleAtQuote,
  settlementDebitKey,
  stateHashOf,
  SETTLEMENT_DEBIT_PREFIX,
} from './settle-quote';
