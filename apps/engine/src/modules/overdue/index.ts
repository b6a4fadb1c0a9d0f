export type { OverdueAccrual } from './accrual.service';
export type { OverdueConsole } from './console.service';
export type { RecalculationRepo } from './recalculation.repo';
export type { Recalculation } from './recalculation';
