import { anomaliesRouter } from '../modules/anomalies';
import { authRouter } from '../modules/auth';
import { loansRouter } from '../modules/loans';
import { referenceRouter } from '../modules/reference';
import { statsRouter } from '../modules/stats';
import { rulesRouter } from '../modules/rules';
import { channelsRouter } from '../modules/channels';
import { debitsRouter } from '../modules/debits';
import { overdueRouter } from '../modules/overdue';
import { transfersRouter } from '../modules/transfers';
import { router } from './init';

export const appRouter = router({
  auth: authRouter,
  dashboard: statsRouter,
  loans: loansRouter,
  funders: referenceRouter.funders,
  products: referenceRouter.products,
  businessLines: referenceRouter.businessLines,
  rules: rulesRouter,
  channels: channelsRouter,
  debits: debitsRouter,
  anomalies: anomaliesRouter,
  overdue: overdueRouter,
  transfers: transfersRouter,
});

export type AppRouter = typeof appRouter;
