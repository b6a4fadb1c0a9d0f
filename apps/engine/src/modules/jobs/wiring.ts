export { createJobRunsRepo } from './job-runs.repo';
export { createJobs } from './jobs.service';
export { createClockControl } from './clock.service';
export { openBusinessClock } from './business-clock';
export { clockRouter, jobsRouter } from './jobs.router';
