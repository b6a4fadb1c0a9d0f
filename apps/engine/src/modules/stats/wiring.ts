export { createStatsService } from './stats.service';
export { createStatsRepo } from './stats.repo';
export { statsRouter } from './stats.router';
