export type { ReportsService, Figures } from './reports.service';
export type { ReportRollups, RollupRefresh } from './rollups.service';
export { CHANGE_HORIZON_DAYS } from './rollups.service';
