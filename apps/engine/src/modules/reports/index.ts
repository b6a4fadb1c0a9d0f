export type { ReportsService, Figures } from './reports.service';
export type { ReportRollups, RollupRefresh } from './rollups.service';
export { CHANGE_HORIZON_DAYS } from './rollups.service';
export type { RiskReport } from './risk.service';
export type { MoneyReport } from './money.service';
export type { FinanceRollups } from './finance-rollups.service';
export type { ForecastService } from './forecast.service';
