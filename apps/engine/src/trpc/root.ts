import { anomaliesRouter } from '../modules/anomalies/wiring';
import { auditRouter } from '../modules/audit/wiring';
import { apiKeysRouter, authRouter, usersRouter } from '../modules/auth/wiring';
import { ledgerRouter } from '../modules/ledger/wiring';
import { loansRouter } from '../modules/loans/wiring';
import { referenceRouter } from '../modules/reference/wiring';
import { statsRouter } from '../modules/stats/wiring';
import { reportsRouter } from '../modules/reports/wiring';
import { ruleVersionsRouter, rulesRouter } from '../modules/rules/wiring';
import { channelsRouter } from '../modules/channels/wiring';
import { debitsRouter } from '../modules/debits/wiring';
import { overdueRouter } from '../modules/overdue/wiring';
import { transfersRouter } from '../modules/transfers/wiring';
import { payoutsRouter } from '../modules/payouts/wiring';
import { reconRouter } from '../modules/recon/wiring';
import { reconAssetsRouter } from '../modules/recon/wiring';
import { clockRouter, jobsRouter } from '../modules/jobs/wiring';
import { viewsRouter } from '../modules/views/wiring';
import { router } from './init';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  apiKeys: apiKeysRouter,
  dashboard: statsRouter,
  reports: reportsRouter,
  loans: loansRouter,
  ledger: ledgerRouter,
  funders: referenceRouter.funders,
  products: referenceRouter.products,
  businessLines: referenceRouter.businessLines,
  rules: rulesRouter,
  ruleVersions: ruleVersionsRouter,
  channels: channelsRouter,
  debits: debitsRouter,
  anomalies: anomaliesRouter,
  overdue: overdueRouter,
  transfers: transfersRouter,
  payouts: payoutsRouter,
  recon: reconRouter,
  reconAssets: reconAssetsRouter,
  audit: auditRouter,
  jobs: jobsRouter,
  clock: clockRouter,
  views: viewsRouter,
});

export type AppRouter = typeof appRouter;
