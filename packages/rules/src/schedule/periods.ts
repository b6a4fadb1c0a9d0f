// Due dates and interest of one period: shared by every repayment method.
import { addMonthsAnchored, days360, daysBetween, type BusinessDate } from '../dates';
import { Dec, roundFen } from '../money';
import type { DayCount, ScheduleInput } from './types';

export interface Period {
  period: number;
  start: BusinessDate;
  dueDate: BusinessDate;
}

/**
 * Period k is due on the anchor's day-of-month, clamped and anchored (docs/domain.md). Arrears:
 * the anchor is `firstDueDate`, else one month after the start. Advance (lease 期初): period 1
 * is due at the start (or on `firstDueDate`). Interest of period k runs from the previous due
 * date (the start date for period 1) to its own due date.
 */
export function periodsOf(input: ScheduleInput, advance = false): Period[] {
  // Anchor on the original day-of-month: from firstDueDate (period 1) or from the start date.
  const dueOf = (k: number) =>
    input.firstDueDate !== undefined
      ? addMonthsAnchored(input.firstDueDate, k - 1)
      : addMonthsAnchored(input.startDate, advance ? k - 1 : k);
  const out: Period[] = [];
  let previous = input.startDate;
  for (let k = 1; k <= input.termMonths; k++) {
    const dueDate = dueOf(k);
    out.push({ period: k, start: previous, dueDate });
    previous = dueDate;
  }
  return out;
}

/** The monthly rate r = annual / 12 of the annuity formulas. */
export const monthlyRate = (annualRate: string) => new Dec(annualRate).div(12);

/**
 * Interest on `balance` over [start, end), rounded half-up to fen (a named rounding point).
 * 30/360: days360/360, so a regular month is exactly balance × annual / 12; actual/365 and
 * actual/360: actual days over the base. One division at the end keeps it exact.
 */
export function periodInterest(
  balance: bigint,
  annualRate: string,
  dayCount: DayCount,
  start: BusinessDate,
  end: BusinessDate,
): bigint {
  if (balance === 0n) return 0n;
  const days = dayCount === '30/360' ? days360(start, end) : daysBetween(start, end);
  const base = dayCount === 'actual/365' ? 365 : 360;
  return roundFen(new Dec(balance.toString()).mul(annualRate).mul(days).div(base));
}
