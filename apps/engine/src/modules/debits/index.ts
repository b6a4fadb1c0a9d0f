export type { DebitResults } from './results.service';
export type { DebitRuns } from './runs.service';
export type { DebitCompensation } from './compensation.service';
export type { DebitScheduler } from './scheduler.service';
export type { DebitsConsole } from './console.service';
export type {
  WindowEligibility,
  WindowForecastDay,
  WindowForecastGroupedDay,
  ForecastGroup,
  SlotVerdict,
} from './eligibility.service';
