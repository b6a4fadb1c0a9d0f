export * from './types';
export { buildSchedule, annuityPayment, leaseRent } from './build';
export { periodInterest, periodsOf } from './periods';
export * from './reschedule';
