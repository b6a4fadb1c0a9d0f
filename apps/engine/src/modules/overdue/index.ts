export type { OverdueAccrual } from './accrual.service';
export type { OverdueConsole } from './console.service';
export { accruedAfter, lastAccruedDate, resumeAccrualAfter } from './overdue.api';
export type { Recalculation } from './recalculation';
export { BUCKET_SQL } from './overdue.repo';
export type {
  AccrualForecast,
  AccrualForecastDay,
  AccrualForecastGroupedDay,
} from './accrual-forecast';
