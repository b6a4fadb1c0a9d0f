export { createOverdueRepo } from './overdue.repo';
export { createOverdueAccrual } from './accrual.service';
export { createOverdueConsoleRepo } from './console.repo';
export { createOverdueConsole } from './console.service';
export { createRecalculation } from './recalculation';
export { overdueRouter } from './overdue.router';
export { createAccrualForecast } from './accrual-forecast';
export { overdueExports } from './overdue.export';
