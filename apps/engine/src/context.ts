// The engine's services as routers, REST routes, callbacks and jobs see them. Built from the
// modules' public doors (index.ts), so that no module imports the composition root (app.ts),
// which builds them: `createServices` must return exactly this.
import type { AnomaliesConsole } from './modules/anomalies';
import type { FinanceRollups, MoneyReport, RiskReport } from './modules/reports';
import type { AuditTrail } from './modules/audit';
import type { SavedViews } from './modules/views';
import type { ApiKeysService, AuthService, UsersService } from './modules/auth';
import type {
  CardsService,
  ChannelHealth,
  ChannelNotifications,
  ChannelRegistry,
  ChannelRouting,
  ChannelSlots,
} from './modules/channels';
import type {
  DebitCompensation,
  DebitResults,
  DebitRuns,
  DebitScheduler,
  DebitsConsole,
  WindowEligibility,
} from './modules/debits';
import type {
  LoanHistoryService,
  LoansService,
  RepaymentsService,
  RescheduleService,
  SettlementService,
  WaiversService,
} from './modules/loans';
import type { LedgerBook } from './modules/ledger';
import type { OverdueAccrual, OverdueConsole } from './modules/overdue';
import type { ReferenceService } from './modules/reference';
import type { RuleResolver, RuleSimulator, RulesService, RuleVersionsList } from './modules/rules';
import type { StatsService } from './modules/stats';
import type { ForecastService, ReportRollups, ReportsService } from './modules/reports';
import type { TransfersService } from './modules/transfers';
import type { Payouts, Positions, Remittance } from './modules/payouts';
import type {
  ReconCases,
  ReconConsole,
  ReconRuns,
  StatementFormats,
  StatementImports,
} from './modules/recon';
import type { AssetRecon, FunderAssetFiles } from './modules/recon';
import type { ReconDaily } from './modules/recon';
import type { ClockControl, Jobs } from './modules/jobs';

export interface AppServices {
  rules: RulesService;
  ruleVersions: RuleVersionsList;
  ruleResolver: RuleResolver;
  ruleSimulator: RuleSimulator;
  reference: ReferenceService;
  auth: AuthService;
  users: UsersService;
  apiKeys: ApiKeysService;
  cards: CardsService;
  channelHealth: ChannelHealth;
  channelRegistry: ChannelRegistry;
  channelRouting: ChannelRouting;
  channelSlots: ChannelSlots;
  channelNotifications: ChannelNotifications;
  debitResults: DebitResults;
  debitRuns: DebitRuns;
  debitScheduler: DebitScheduler;
  debitCompensation: DebitCompensation;
  debitsConsole: DebitsConsole;
  windowEligibility: WindowEligibility;
  overdueAccrual: OverdueAccrual;
  overdueConsole: OverdueConsole;
  anomalies: AnomaliesConsole;
  auditTrail: AuditTrail;
  ledgerBook: LedgerBook;
  savedViews: SavedViews;
  loans: LoansService;
  loanHistory: LoanHistoryService;
  repayments: RepaymentsService;
  settlement: SettlementService;
  waivers: WaiversService;
  reschedule: RescheduleService;
  transfers: TransfersService;
  statementFormats: StatementFormats;
  statementImports: StatementImports;
  reconRuns: ReconRuns;
  reconDaily: ReconDaily;
  reconCases: ReconCases;
  reconConsole: ReconConsole;
  assetRecon: AssetRecon;
  funderAssetFiles: FunderAssetFiles;
  stats: StatsService;
  reports: ReportsService;
  riskReport: RiskReport;
  moneyReport: MoneyReport;
  financeRollups: FinanceRollups;
  reportForecast: ForecastService;
  reportRollups: ReportRollups;
  payouts: Payouts;
  positions: Positions;
  remittance: Remittance;
  jobs: Jobs;
  businessClock: ClockControl;
}
