// Composition root: one database handle, the clock, crypto, repositories and services.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase, sqlFor, type DbHandle } from '@repay/db';
import { clockFrom, type Clock } from './lib/clock';
import { createFieldCrypto, type FieldCrypto } from './lib/crypto';
import { repositories, type Repositories } from './repositories';
import type { AppServices } from './context';
import { callbackBaseUrl, loadEnv, type Env } from './env';
import {
  createApiKeysService,
  createAuthService,
  createLoginThrottle,
  createLoginThrottleRepo,
  createUsersService,
} from './modules/auth/wiring';
import {
  createLoansService,
  createRepaymentsService,
  createRescheduleService,
  createSettlementService,
  createWaiversService,
  createLoanHistoryService,
} from './modules/loans/wiring';
import { createReferenceService } from './modules/reference/wiring';
import { createStatsService } from './modules/stats/wiring';
import {
  createForecastService,
  createReportRollups,
  createReportsService,
} from './modules/reports/wiring';
import {
  createFinanceRollups,
  createMoneyReport,
  createRiskReport,
} from './modules/reports/wiring';
import { createTransfersService } from './modules/transfers/wiring';
import { createPayouts, createPositions, createRemittance } from './modules/payouts/wiring';
import {
  createReconConsole,
  createReconCases,
  createReconRuns,
  createStatementFormats,
  createStatementImports,
} from './modules/recon/wiring';
import { createAssetRecon, createFunderAssetFiles } from './modules/recon/wiring';
import { createReconDaily } from './modules/recon/wiring';
import {
  createAccrualForecast,
  createOverdueAccrual,
  createOverdueConsole,
  createRecalculation,
} from './modules/overdue/wiring';
import {
  createChannelHealth,
  createChannelNotifications,
  createChannelRouting,
  createCardsService,
  createChannelRegistry,
  createChannelSlots,
  createThreadedTransport,
  gated,
  httpTransport,
  type ChannelTransport,
  type GateControl,
} from './modules/channels/wiring';
import { createAnomaliesConsole } from './modules/anomalies/wiring';
import { createAuditTrail } from './modules/audit/wiring';
import { createLedgerBook } from './modules/ledger/wiring';
import { createRuleVersionsList } from './modules/rules/wiring';
import { createSavedViews } from './modules/views/wiring';
import {
  createDebitCompensation,
  createDebitResults,
  createDebitRuns,
  createDebitScheduler,
  createDebitsConsole,
  createWindowEligibility,
} from './modules/debits/wiring';
import {
  createRuleResolver,
  createRuleSimulator,
  createRulesService,
} from './modules/rules/wiring';
import {
  createClockControl,
  createJobRunsRepo,
  createJobs,
  openBusinessClock,
} from './modules/jobs/wiring';
import type { BusinessClock, JobDefinition } from './modules/jobs';
import { jobDefinitions } from './jobs/registry';

/** One engine process (app instance): host, pid and a random part (two apps in one process). */
const processIdentity = () => `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

export function createServices(deps: {
  database: DbHandle;
  clock: Clock;
  crypto: FieldCrypto;
  /** Where channels post notifications (…/channels/<code>/notify). */
  callbackBaseUrl?: string;
  /**
   * How channel adapters reach the channels, keeping each request's gate (openApp: the
   * sender thread, or `gated` HTTP or in-process calls).
   */
  channelTransport: ChannelTransport & GateControl;
  /** This engine process (app instance): its leases of the channels' slots. */
  processId?: string;
  debitChunkSize?: number;
  debitSelectionPage?: number;
  debitInFlight?: { shards: number; chunks: number };
  /** Yuan: a manual success above it waits for a second person (REPAY_REVIEW_APPROVAL_ABOVE). */
  reviewApprovalAbove?: string;
  /** The sandbox's movable business clock (`clock` itself); null in production. */
  businessClock?: BusinessClock | null;
  /** The jobs of the registry, given the services they run on. */
  jobDefinitions?: (services: AppServices) => JobDefinition[];
}): AppServices {
  const { database, clock, crypto, callbackBaseUrl } = deps;
  const repos = repositories(database);
  const transaction = <T>(fn: (r: Repositories) => Promise<T>) =>
    database.db.transaction((tx) => fn(repositories({ db: tx, sql: sqlFor(tx) })));

  const reference = createReferenceService({ repo: repos.reference, transaction });
  const loginThrottle = createLoginThrottle(createLoginThrottleRepo(database));
  const ruleResolver = createRuleResolver(repos.rules, clock);
  const cards = createCardsService({
    repo: repos.channels,
    transaction,
    crypto,
    clock,
    rules: ruleResolver,
  });
  const channelHealth = createChannelHealth({
    repo: repos.channels,
    health: repos.channelHealth,
    transaction,
    rules: ruleResolver,
    clock,
  });
  const processId = deps.processId ?? processIdentity();
  // Each channel's concurrency and rate, shared with the other engine processes (slot leases).
  const channelSlots = createChannelSlots({
    transaction,
    holder: processId,
    gates: deps.channelTransport,
    log: (message) => console.error(message),
  });
  const channelRouting = createChannelRouting({
    repo: repos.channels,
    healthRepo: repos.channelHealth,
    health: channelHealth,
    rules: ruleResolver,
    clock,
    crypto,
    transport: channelSlots.leased(deps.channelTransport),
  });
  const channelNotifications = createChannelNotifications({
    repo: repos.channels,
    healthRepo: repos.channelHealth,
    crypto,
  });
  // Backdated recalculation, shared by offline repayments and late debit successes.
  const recalculation = createRecalculation();
  const channelRegistry = createChannelRegistry({
    repo: repos.channels,
    transaction,
    health: channelHealth,
    crypto,
    clock,
  });
  const statementFormats = createStatementFormats({ repo: repos.recon, transaction });
  const debitResults = createDebitResults({
    transaction,
    rules: ruleResolver,
    clock,
    recalculation,
    reviewApprovalAbove: deps.reviewApprovalAbove,
  });
  const statementImports = createStatementImports({
    repo: repos.recon,
    transaction,
    channels: channelRegistry,
    formats: statementFormats,
    crypto,
  });
  const reconRuns = createReconRuns({
    repo: repos.recon,
    transaction,
    channels: channelRegistry,
    debitResults,
    // Made below (payouts need the routing); called only once a run reads a statement.
    payouts: { applyStatementLine: (line) => payouts.applyStatementLine(line) },
  });
  // Notifications settle debits through the same state machine as answers and queries; the
  // channel that sent one is checked against the order's (another channel's is an anomaly).
  // A notification about one of our payouts (PO…) goes to the payout state machine.
  channelNotifications.onOrderResult(async (channel, answer) => {
    if (/^PO\d+$/.test(answer.data.orderId ?? '')) {
      await payouts.applyNotification(channel, answer);
      return;
    }
    await debitResults.apply(
      answer.data.orderId,
      answer,
      { type: 'system', id: 'notification' },
      'notification',
      channel,
    );
  });
  const notifyUrl = callbackBaseUrl
    ? (code: string) => `${callbackBaseUrl}/channels/${code}/notify`
    : undefined;
  const debitRuns = createDebitRuns({
    repo: repos.debits,
    transaction,
    results: debitResults,
    routing: channelRouting,
    rules: ruleResolver,
    clock,
    worker: processId,
    chunkSize: deps.debitChunkSize,
    selectionPage: deps.debitSelectionPage,
    inFlight: deps.debitInFlight,
    notifyUrl,
  });
  const overdueAccrual = createOverdueAccrual({
    repo: repos.overdue,
    rules: ruleResolver,
    clock,
  });
  const debitCompensation = createDebitCompensation({
    repo: repos.debits,
    results: debitResults,
    routing: channelRouting,
    clock,
    notifyUrl,
    sendCreated: (orderKeys) => debitRuns.sendOrders(orderKeys),
  });
  const debitScheduler = createDebitScheduler({ rules: ruleResolver, runs: debitRuns, clock });
  const windowEligibility = createWindowEligibility({
    repo: repos.debits,
    rules: ruleResolver,
    clock,
    slotsOn: (date) => debitScheduler.slotsOn(date),
  });
  const payouts = createPayouts({
    read: repos,
    transaction,
    routing: channelRouting,
    reference,
    crypto,
    clock,
    notifyUrl,
  });
  let definitions: JobDefinition[] | null = null;
  const jobs = createJobs({
    repo: repos.jobRuns,
    transaction,
    clock,
    definitions: () => (definitions ??= deps.jobDefinitions?.(services) ?? []),
    beforeScheduled: () => businessClock.beforeScheduled(),
  });
  const businessClock = createClockControl({
    clock: deps.businessClock ?? null,
    mode: deps.businessClock ? 'sandbox' : 'production',
    repo: repos.jobRuns,
    transaction,
    jobs,
  });
  const services: AppServices = {
    jobs,
    businessClock,
    payouts,
    positions: createPositions({ read: repos, transaction, routing: channelRouting, clock }),
    remittance: createRemittance({
      read: repos,
      transaction,
      payouts,
      rules: ruleResolver,
      crypto,
      clock,
    }),
    rules: createRulesService({
      repo: repos.rules,
      transaction,
      clock,
    }),
    ruleResolver,
    cards,
    channelHealth,
    channelRegistry,
    channelRouting,
    channelSlots,
    channelNotifications,
    debitResults,
    debitRuns,
    debitScheduler,
    debitCompensation,
    overdueAccrual,
    overdueConsole: createOverdueConsole({
      repo: repos.overdueConsole,
      accrual: overdueAccrual,
      transaction,
      clock,
      log: (message) => console.error(message),
    }),
    anomalies: createAnomaliesConsole({ repo: repos.anomalies, transaction }),
    auditTrail: createAuditTrail({ repo: repos.auditRead, transaction }),
    ledgerBook: createLedgerBook({ repo: repos.ledgerRead }),
    ruleVersions: createRuleVersionsList({ repo: repos.ruleVersions }),
    savedViews: createSavedViews({ transaction }),
    windowEligibility,
    debitsConsole: createDebitsConsole({
      slotsOn: (date) => debitScheduler.slotsOn(date),
      repo: repos.debitsConsole,
      review: repos.debitReview,
      transaction,
      runs: debitRuns,
      results: debitResults,
      compensation: debitCompensation,
      clock,
      workInBackground: (runId) => {
        debitRuns.work(runId).catch((error: unknown) => {
          console.error(`[debits] run ${runId}: ${(error as Error).message}`);
        });
      },
    }),
    ruleSimulator: createRuleSimulator({
      rules: repos.rules,
      data: repos.simulation,
      resolver: ruleResolver,
      clock,
    }),
    auth: createAuthService({ repo: repos.auth, throttle: loginThrottle, transaction }),
    users: createUsersService({ repo: repos.auth, throttle: loginThrottle, transaction }),
    apiKeys: createApiKeysService({ repo: repos.apiKeys, transaction, crypto }),
    reference,
    settlement: createSettlementService({
      read: repos.settlement,
      transaction,
      rules: ruleResolver,
      clock,
      submitDebit: (orderKey) => debitRuns.sendOrders([orderKey]),
    }),
    transfers: createTransfersService({
      read: repos.transfers,
      transaction,
      reference,
      clock,
    }),
    loanHistory: createLoanHistoryService({ read: repos.loanHistory, loans: repos.loans }),
    waivers: createWaiversService({
      read: repos.waivers,
      transaction,
      rules: ruleResolver,
      clock,
    }),
    reschedule: createRescheduleService({
      read: repos.reschedule,
      loansRead: repos.loans,
      transaction,
      clock,
    }),
    repayments: createRepaymentsService({
      read: repos.repayments,
      transaction,
      rules: ruleResolver,
      recalculation,
      clock,
    }),
    loans: createLoansService({ read: repos.loans, transaction, reference, crypto, clock }),
    stats: createStatsService({ repo: repos.stats, clock }),
    reports: createReportsService({ repo: repos.reports, clock }),
    riskReport: createRiskReport({ repo: repos.riskReports, clock }),
    moneyReport: createMoneyReport({ repo: repos.moneyReports, clock }),
    financeRollups: createFinanceRollups({
      money: repos.moneyReports,
      risk: repos.riskReports,
      transaction,
      clock,
    }),
    reportForecast: createForecastService({
      windows: windowEligibility,
      accruals: createAccrualForecast({ repo: repos.overdue, rules: ruleResolver, clock }),
      rules: ruleResolver,
      repo: repos.reportForecast,
      transaction,
      clock,
    }),
    reportRollups: createReportRollups({ repo: repos.reportRollups, transaction, clock }),
    statementFormats,
    statementImports,
    reconRuns,
    reconDaily: createReconDaily({
      repo: repos.recon,
      imports: statementImports,
      runs: reconRuns,
      channels: channelRegistry,
    }),
    reconCases: createReconCases({
      repo: repos.reconCases,
      transaction,
      debitResults,
      toleranceOf: async (code) =>
        (await channelRegistry.statementSettings(code)).writeOffToleranceFen,
      approvalAbove: debitResults.reviewApprovalAbove,
    }),
    reconConsole: createReconConsole({ repo: repos.recon, formats: statementFormats, crypto }),
    assetRecon: createAssetRecon({ repo: repos.assetRecon, transaction, clock }),
    funderAssetFiles: createFunderAssetFiles({ repo: repos.assetRecon, transaction }),
  };
  return services;
}

export interface App {
  env: Env;
  /** Where channels post notifications (…/channels/<code>/notify). */
  callbackBaseUrl: string;
  clock: Clock;
  driver: DbHandle['driver'];
  database: DbHandle;
  services: AppServices;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export async function openApp(
  opts: {
    migrate?: boolean;
    env?: Env;
    database?: DbHandle;
    clock?: Clock;
    channelTransport?: ChannelTransport;
    /** The port the engine's HTTP server listens on (`serve --port`): the callback address's. */
    listenPort?: number;
  } = {},
): Promise<App> {
  const env = opts.env ?? loadEnv();
  const callbacks = callbackBaseUrl(env, opts.listenPort ?? env.REPAY_ENGINE_PORT);
  const database =
    opts.database ??
    (await openDatabase({
      url: env.DATABASE_URL,
      dataDir: env.DATABASE_URL ? undefined : join(env.REPAY_DATA_DIR, 'pglite'),
    }));
  if (opts.migrate) await migrate(database);
  // In the sandbox the business clock is the engine's moved forward by the days stored in the
  // database (a move of the console's); production's is the engine's clock itself.
  const engineClock = opts.clock ?? clockFrom(env.REPAY_CLOCK);
  const businessClock =
    env.REPAY_ENV === 'production'
      ? null
      : await openBusinessClock(engineClock, () => createJobRunsRepo(database).clockOffset());
  const clock: Clock = businessClock ?? engineClock;
  const crypto = createFieldCrypto({
    encryptionKey: env.REPAY_ENCRYPTION_KEY,
    hashKey: env.REPAY_HASH_KEY,
    production: env.NODE_ENV === 'production',
  });
  // Channel calls: in-process when handed a transport (benchmarks, tests), else over HTTP on
  // the sender thread (sender.ts) or, with REPAY_CHANNEL_CALLS=inline, on this one.
  const sender =
    opts.channelTransport || env.REPAY_CHANNEL_CALLS === 'inline'
      ? undefined
      : createThreadedTransport();
  const channelTransport = sender ?? gated(opts.channelTransport ?? httpTransport);
  const services = createServices({
    database,
    clock,
    crypto,
    channelTransport,
    debitChunkSize: env.REPAY_DEBIT_CHUNK_SIZE,
    debitSelectionPage: env.REPAY_DEBIT_SELECTION_PAGE,
    debitInFlight: {
      shards: env.REPAY_DEBIT_SHARDS_IN_FLIGHT,
      chunks: env.REPAY_DEBIT_CHUNKS_IN_FLIGHT,
    },
    callbackBaseUrl: callbacks,
    reviewApprovalAbove: env.REPAY_REVIEW_APPROVAL_ABOVE,
    businessClock,
    jobDefinitions: (built) => jobDefinitions({ services: built, env, clock }),
  });
  return {
    env,
    callbackBaseUrl: callbacks,
    clock,
    driver: database.driver,
    database,
    services,
    ping: async () => void (await database.sql.query('select 1')),
    close: async () => {
      await services.channelSlots.close();
      await sender?.close();
      await database.close();
    },
  };
}
