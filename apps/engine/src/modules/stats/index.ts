export type { StatsService } from './stats.service';
