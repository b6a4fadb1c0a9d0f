export { createOverdueRepo, type OverdueRepo, BUCKET_SQL } from './overdue.repo';
export { createOverdueAccrual, type OverdueAccrual } from './accrual.service';
export { createOverdueConsoleRepo, type OverdueConsoleRepo } from './console.repo';
export { createOverdueConsole, type OverdueConsole } from './console.service';
export { overdueRouter } from './overdue.router';
export { createRecalculationRepo, type RecalculationRepo } from './recalculation.repo';
export { createRecalculation, type Recalculation } from './recalculation';
