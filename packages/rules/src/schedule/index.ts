export * from './types';
export { buildSchedule, annuityPayment, equalShare, leaseRent } from './build';
export { periodInterest, periodsOf } from './periods';
export * from './reschedule';
