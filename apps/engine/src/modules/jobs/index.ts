// Jobs (任务): the one shape of a job, its runs, and the sandbox's business clock.
export type { JobCounts, JobDefinition, JobField, JobRunContext } from './jobs.types';
export type { Jobs, JobRunView, JobsUser } from './jobs.service';
export type { ClockControl, CycleStep } from './clock.service';
export type { BusinessClock } from './business-clock';
export { CLOCK_MOVE_JOB } from './jobs.service';
export { MAX_MOVE_DAYS } from './clock.service';
export { fieldsOf } from './fields';
export { instantOf, nextRunAfter, scheduleProblem, timesOn } from './schedule';
