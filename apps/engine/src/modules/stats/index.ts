export { createStatsService, type StatsService } from './stats.service';
export { createStatsRepo, type StatsRepo } from './stats.repo';
export { statsRouter } from './stats.router';
