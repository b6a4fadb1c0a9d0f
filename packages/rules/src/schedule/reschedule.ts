// Reschedule (换期/展期, docs/domain.md): a new plan version for the part of the plan nobody has
// touched yet. Periods already due, or with any payment or charge on them, stay as they are
// (their arrears stay arrears, collected and accrued as before); the untouched tail is either
// re-amortised over a new term or moved by a number of days.
import { addDays, type BusinessDate } from '../dates';
import { buildSchedule } from './build';
import { periodInterest } from './periods';
import type { DayCount, PaymentTiming, RepaymentMethod } from './types';

export interface PlanRow {
  period: number;
  dueDate: BusinessDate;
  principalFen: bigint;
  interestFen: bigint;
  /** Anything paid, charged (fee, penalty) or closed on it: it cannot move. */
  touched: boolean;
}

export interface RescheduleTerms {
  /** The loan's term in months now (a bullet loan has one period over all of them). */
  termMonths: number;
  annualRate: string;
  method: RepaymentMethod;
  dayCount: DayCount;
  startDate: BusinessDate;
  paymentTiming: PaymentTiming;
  residualValueFen: bigint;
}

export type RescheduleChange = { newTermMonths: number } | { shiftDays: number };

export interface RescheduledRow {
  period: number;
  dueDate: BusinessDate;
  principalFen: bigint;
  interestFen: bigint;
}

export interface Reschedule {
  /** Periods that stay as they are (1..keptPeriods). */
  keptPeriods: number;
  /** The rows replacing the tail, numbered from keptPeriods + 1. */
  rows: RescheduledRow[];
  /** The loan's term in months after it, and the plan's number of periods. */
  termMonths: number;
  periodCount: number;
  /** shiftDays: contract interest for the added days, included in the first moved row. */
  stubInterestFen: bigint;
}

export class RescheduleError extends Error {
  constructor(
    readonly field: 'newTermMonths' | 'shiftDays' | 'orderNo',
    message: string,
  ) {
    super(message);
    this.name = 'RescheduleError';
  }
}

/** The longest run of untouched periods not yet due, at the end of the plan. */
export function movableTail(rows: PlanRow[], today: BusinessDate): PlanRow[] {
  let start = rows.length;
  while (start > 0 && !rows[start - 1]!.touched && rows[start - 1]!.dueDate > today) start--;
  return rows.slice(start);
}

export function reschedulePlan(input: {
  rows: PlanRow[];
  terms: RescheduleTerms;
  today: BusinessDate;
  change: RescheduleChange;
}): Reschedule {
  const rows = [...input.rows].sort((a, b) => a.period - b.period);
  const tail = movableTail(rows, input.today);
  if (tail.length === 0)
    throw new RescheduleError(
      'orderNo',
      'nothing to reschedule: every period is already due, paid or charged',
    );
  const kept = rows.length - tail.length;
  const principal = tail.reduce((s, r) => s + r.principalFen, 0n);

  if ('shiftDays' in input.change) {
    const days = input.change.shiftDays;
    if (!Number.isInteger(days) || days < 1 || days > 365)
      throw new RescheduleError('shiftDays', 'shiftDays is a whole number of days from 1 to 365');
    const first = tail[0]!;
    // Interest for the added days on the balance the first moved period opens with.
    const stub = periodInterest(
      principal,
      input.terms.annualRate,
      input.terms.dayCount,
      first.dueDate,
      addDays(first.dueDate, days),
    );
    return {
      keptPeriods: kept,
      termMonths: input.terms.termMonths,
      periodCount: rows.length,
      stubInterestFen: stub,
      rows: tail.map((r, i) => ({
        period: r.period,
        dueDate: addDays(r.dueDate, days),
        principalFen: r.principalFen,
        interestFen: r.interestFen + (i === 0 ? stub : 0n),
      })),
    };
  }

  const term = input.change.newTermMonths;
  if (!Number.isInteger(term) || term < 1 || term > 600)
    throw new RescheduleError('newTermMonths', 'newTermMonths is a whole number from 1 to 600');
  if (term <= kept)
    throw new RescheduleError(
      'newTermMonths',
      `newTermMonths must be more than the ${kept} period(s) already due or paid`,
    );
  const { terms } = input;
  const lease = terms.method === 'lease_rent';
  const residual = lease ? terms.residualValueFen : 0n;
  if (lease && principal <= residual)
    throw new RescheduleError(
      'newTermMonths',
      'only the residual value is left: there is nothing to re-amortise',
    );
  // From the last kept due date the rest is an ordinary arrears plan of the tail's principal
  // (for an advance lease too: the rent due at the last kept date has been charged). With
  // nothing kept the plan starts over from the loan's own start and timing.
  const fresh = kept === 0;
  const bullet = terms.method === 'bullet';
  const schedule = buildSchedule({
    principalFen: principal,
    annualRate: terms.annualRate,
    termMonths: term - kept,
    method: terms.method,
    dayCount: terms.dayCount,
    startDate: fresh ? terms.startDate : rows[kept - 1]!.dueDate,
    firstDueDate: bullet ? undefined : tail[0]!.dueDate,
    residualValueFen: residual,
    paymentTiming: fresh ? terms.paymentTiming : 'arrears',
  });
  return {
    keptPeriods: kept,
    termMonths: term,
    periodCount: kept + schedule.length,
    stubInterestFen: 0n,
    rows: schedule.map((s) => ({
      period: kept + s.period,
      dueDate: s.dueDate,
      principalFen: s.principalFen,
      interestFen: s.interestFen,
    })),
  };
}
