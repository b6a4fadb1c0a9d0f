export { createReportsRepo } from './reports.repo';
export { createRollupsRepo } from './rollups.repo';
export { createReportsService } from './reports.service';
export { createReportRollups } from './rollups.service';
export { reportsRouter } from './reports.router';
