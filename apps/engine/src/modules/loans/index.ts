export type { CreateLoanInput } from './loans.schema';
export type { LoansService } from './loans.service';
export { requireActiveLoan } from './loan-guards';
export type { RepaymentsService } from './repayments.service';
export type { SettlementService } from './settlement.service';
export type { RescheduleService } from './reschedule.service';
export type { WaiversService } from './waivers.service';
export type { LoanHistoryService } from './history.service';
export { quoteIdOfDebit } from './settle-quote';
export {
  collectOnInstallments,
  lockLoansForCollection,
  lockQuoteOfSettlementDebit,
  reopenQuotesOfFailedDebits,
  reverseCollectionOnInstallment,
  settleLoanByDebit,
} from './loans.api';
export { funderCodesOfLoans } from './loan-owners.api';
