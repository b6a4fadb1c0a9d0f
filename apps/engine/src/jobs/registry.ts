// The registry: every job of the daily cycle, once, in the order of the day (a clock move runs
// a day's jobs at the same time in this order). The scheduler registers each on pg-boss, the
// console lists and starts them, the business clock runs them for the days it skips; a job
// added here is in all three.
import type { JobDefinition } from '../modules/jobs';
import { accrualJob } from './accrual-jobs';
import { debitCompensationJob, debitTickJob } from './debit-jobs';
import type { JobApp } from './job-app';
import { payoutRemitJob, payoutSendJob, payoutSyncJob } from './payout-jobs';
import { reconJob } from './recon-jobs';
import { reportForecastJob, reportRollupJob } from './report-jobs';
import { transferJob } from './transfer-jobs';

export function jobDefinitions(app: JobApp): JobDefinition[] {
  return [
    transferJob(app),
    accrualJob(app),
    debitTickJob(app),
    debitCompensationJob(app),
    reconJob(app),
    reportRollupJob(app),
    reportForecastJob(app),
    payoutRemitJob(app),
    payoutSendJob(app),
    payoutSyncJob(app),
  ];
}
