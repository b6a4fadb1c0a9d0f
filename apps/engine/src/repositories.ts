// Every repository of the engine, bound to one executor: the database, or one transaction.
import type { Executor } from './lib/executor';
import { createAnomaliesRepo } from './modules/anomalies/wiring';
import { createApiKeysRepo, createAuthRepo } from './modules/auth/wiring';
import { createAuditRepo, createOutboxRepo } from './modules/events';
import { createAuditReadRepo } from './modules/audit/wiring';
import {
  createChannelHealthRepo,
  createChannelSlotsRepo,
  createChannelsRepo,
} from './modules/channels/wiring';
import {
  createCollectionsRepo,
  createLoanHistoryRepo,
  createLoansRepo,
  createRepaymentsRepo,
  createRescheduleRepo,
  createSettlementRepo,
  createWaiversRepo,
} from './modules/loans/wiring';
import {
  createDebitAnswersRepo,
  createDebitReviewRepo,
  createDebitsConsoleRepo,
  createDebitsRepo,
} from './modules/debits/wiring';
import { createLedgerRepo } from './modules/ledger';
import { createLedgerReadRepo } from './modules/ledger/wiring';
import { createOverdueConsoleRepo, createOverdueRepo } from './modules/overdue/wiring';
import { createReferenceRepo } from './modules/reference/wiring';
import {
  createRulesRepo,
  createRuleVersionsRepo,
  createSimulationRepo,
} from './modules/rules/wiring';
import { createStatsRepo } from './modules/stats/wiring';
import { createReportsRepo, createRollupsRepo } from './modules/reports/wiring';
import { createMoneyRepo, createRiskRepo } from './modules/reports/wiring';
import { createForecastRepo } from './modules/reports/wiring';
import { createTransfersRepo } from './modules/transfers/wiring';
import { createReconCasesRepo, createReconRepo } from './modules/recon/wiring';
import { createAssetReconRepo } from './modules/recon/wiring';
import { createPayoutsRepo, createRemittanceRepo } from './modules/payouts/wiring';
import { createJobRunsRepo } from './modules/jobs/wiring';
import { createSavedViewsRepo } from './modules/views/wiring';

/** Every repository bound to one executor (the database, or one transaction). */
export function repositories(exec: Executor) {
  return {
    /** The executor itself: services hand it to other modules' functions (their *.api.ts). */
    tx: exec,
    auth: createAuthRepo(exec),
    apiKeys: createApiKeysRepo(exec),
    audit: createAuditRepo(exec),
    auditRead: createAuditReadRepo(exec),
    outbox: createOutboxRepo(exec),
    ledger: createLedgerRepo(exec),
    ledgerRead: createLedgerReadRepo(exec),
    loans: createLoansRepo(exec),
    collections: createCollectionsRepo(exec),
    repayments: createRepaymentsRepo(exec),
    settlement: createSettlementRepo(exec),
    reschedule: createRescheduleRepo(exec),
    waivers: createWaiversRepo(exec),
    loanHistory: createLoanHistoryRepo(exec),
    transfers: createTransfersRepo(exec),
    recon: createReconRepo(exec),
    reconCases: createReconCasesRepo(exec),
    assetRecon: createAssetReconRepo(exec),
    reference: createReferenceRepo(exec),
    rules: createRulesRepo(exec),
    ruleVersions: createRuleVersionsRepo(exec),
    channels: createChannelsRepo(exec),
    channelHealth: createChannelHealthRepo(exec),
    channelSlots: createChannelSlotsRepo(exec),
    debits: createDebitsRepo(exec),
    debitAnswers: createDebitAnswersRepo(exec),
    debitReview: createDebitReviewRepo(exec),
    anomalies: createAnomaliesRepo(exec),
    debitsConsole: createDebitsConsoleRepo(exec),
    simulation: createSimulationRepo(exec),
    stats: createStatsRepo(exec),
    reports: createReportsRepo(exec),
    reportRollups: createRollupsRepo(exec),
    riskReports: createRiskRepo(exec),
    reportForecast: createForecastRepo(exec),
    moneyReports: createMoneyRepo(exec),
    overdue: createOverdueRepo(exec),
    overdueConsole: createOverdueConsoleRepo(exec),
    payouts: createPayoutsRepo(exec),
    remittance: createRemittanceRepo(exec),
    jobRuns: createJobRunsRepo(exec),
    savedViews: createSavedViewsRepo(exec),
  };
}

export type Repositories = ReturnType<typeof repositories>;
