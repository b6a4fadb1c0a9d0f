import type { BusinessDate } from '../dates';
import type { DayCount, PaymentTiming, RepaymentMethod } from '../vocabulary';

export type { DayCount, PaymentTiming, RepaymentMethod };

export interface ScheduleInput {
  principalFen: bigint;
  /** Annual rate as a decimal string in [0, 1), e.g. "0.049". */
  annualRate: string;
  termMonths: number;
  method: RepaymentMethod;
  startDate: BusinessDate;
  /** Moves the anchor of the due dates (period 1 falls on it). */
  firstDueDate?: BusinessDate;
  dayCount: DayCount;
  /** lease_rent only: residual value (留购价) paid with the last rent. */
  residualValueFen?: bigint;
  /** lease_rent only: rent at the end (arrears, 期末) or the start (advance, 期初) of each period. */
  paymentTiming?: PaymentTiming;
}

export interface ScheduledInstallment {
  period: number;
  dueDate: BusinessDate;
  principalFen: bigint;
  interestFen: bigint;
  totalFen: bigint;
  openingBalanceFen: bigint;
  closingBalanceFen: bigint;
}

export class ScheduleInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ScheduleInputError';
  }
}
