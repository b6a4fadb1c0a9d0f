// Deduction window rules: when a scope debits (slots, days, holiday calendar), who is
// eligible, how much is asked for, and which channels are off for maintenance.
import { z } from 'zod';

import { conditionsSchema, type FactSpecs } from '../conditions/types';
import { isValidDate } from '../dates';
import { namedFormat, type RuleIssue } from '../rule-issue';
import { Dec } from '../money';
import { isoDate, minutesOf, SCOPE_FACTS, timeOfDay, yuanAmount } from './common';

export const WINDOW_FACTS: FactSpecs = {
  ...SCOPE_FACTS,
  overdueDays: { type: 'number', description: '逾期天数' },
  amountDueFen: { type: 'number', description: '应扣金额（分）' },
  bankCode: { type: 'string', description: '银行编码' },
};

const slotSchema = z.strictObject({
  start: timeOfDay,
  end: timeOfDay,
  name: z.string().max(40).optional(),
});
const calendarSchema = z.strictObject({
  mode: z.enum(['every_day', 'business_days']),
  /** Public holidays: no debits even on a weekday (business_days mode). */
  holidays: z.array(isoDate).max(400).default([]),
  /** Make-up working days (调休): debits even on a weekend (business_days mode). */
  workdays: z.array(isoDate).max(100).default([]),
});

export const windowRuleSchema = z.strictObject({
  slots: z.array(slotSchema).min(1).max(24),
  days: calendarSchema,
  conditions: conditionsSchema.optional(),
  eligibility: z.strictObject({
    dueToday: z.boolean(),
    overdueUpToDays: z.number().int().min(0).max(3650),
    skipPaused: z.boolean(),
    maxAttemptsPerDay: z.number().int().min(1).max(24),
    minAmount: yuanAmount,
  }),
  amount: z.strictObject({
    strategy: z.enum(['full', 'partial']),
    /** Share of the due amount to ask for after 0, 1, 2… insufficient-funds failures today. */
    stepDown: z
      .array(
        z
          .string()
          .regex(
            namedFormat(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, 'fraction'),
            'a share such as "0.5"',
          ),
      )
      .max(10)
      .default([]),
  }),
  maintenance: z
    .array(z.strictObject({ channel: z.string().min(1).max(40), start: timeOfDay, end: timeOfDay }))
    .max(20)
    .default([]),
});
export type WindowRule = z.infer<typeof windowRuleSchema>;

export function checkWindowRule(rule: WindowRule): RuleIssue[] {
  const issues: RuleIssue[] = [];
  rule.slots.forEach((slot, i) => {
    if (minutesOf(slot.end) <= minutesOf(slot.start)) {
      issues.push({
        path: ['slots', i, 'end'],
        message: `a slot ends after it starts (${slot.start}–${slot.end})`,
        code: 'slot_end_before_start',
        params: { start: slot.start, end: slot.end },
      });
    }
  });
  const order = rule.slots
    .map((s, i) => ({ ...s, i }))
    .sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
  for (let k = 1; k < order.length; k++) {
    const prev = order[k - 1]!;
    const cur = order[k]!;
    if (minutesOf(cur.start) < minutesOf(prev.end)) {
      issues.push({
        path: ['slots', cur.i, 'start'],
        message: `slot ${cur.start}–${cur.end} overlaps slot ${prev.start}–${prev.end}`,
        code: 'slots_overlap',
        params: { start: cur.start, end: cur.end, otherStart: prev.start, otherEnd: prev.end },
      });
    }
  }
  for (const field of ['holidays', 'workdays'] as const) {
    rule.days[field].forEach((d, i) => {
      if (!isValidDate(d))
        issues.push({
          path: ['days', field, i],
          message: `${d} is not a calendar date`,
          code: 'not_a_calendar_date',
          params: { date: d },
        });
    });
  }
  const holidays = new Set(rule.days.holidays);
  rule.days.workdays.forEach((d, i) => {
    if (holidays.has(d))
      issues.push({
        path: ['days', 'workdays', i],
        message: `${d} is listed both as a holiday and a working day`,
        code: 'holiday_and_workday',
        params: { date: d },
      });
  });
  if (rule.amount.strategy === 'full' && rule.amount.stepDown.length > 0) {
    issues.push({
      path: ['amount', 'stepDown'],
      message: 'step-down needs the "partial" amount strategy',
      code: 'step_down_needs_partial',
    });
  }
  rule.amount.stepDown.forEach((share, i) => {
    const value = new Dec(share);
    if (value.lte(0))
      issues.push({
        path: ['amount', 'stepDown', i],
        message: 'a share is above 0',
        code: 'share_not_positive',
      });
    if (i > 0 && value.gt(new Dec(rule.amount.stepDown[i - 1]!))) {
      issues.push({
        path: ['amount', 'stepDown', i],
        message: 'step-down shares must not increase',
        code: 'shares_increase',
      });
    }
  });
  rule.maintenance.forEach((m, i) => {
    if (m.start === m.end)
      issues.push({
        path: ['maintenance', i, 'end'],
        message: 'a maintenance window has a length',
        code: 'maintenance_empty',
      });
  });
  return issues;
}

/** Weekday of a YYYY-MM-DD date, 0 = Sunday (calendar arithmetic, no time zone). */
function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Does the rule debit on this business date? */
export function isDeductionDay(rule: WindowRule, date: string): boolean {
  if (rule.days.mode === 'every_day') return true;
  if (rule.days.workdays.includes(date)) return true;
  if (rule.days.holidays.includes(date)) return false;
  const day = weekday(date);
  return day !== 0 && day !== 6;
}

/** Is the channel under maintenance at this time of day? Windows may cross midnight. */
export function inMaintenance(rule: WindowRule, channel: string, time: string): boolean {
  const t = minutesOf(time);
  return rule.maintenance.some((m) => {
    if (m.channel !== channel) return false;
    const [s, e] = [minutesOf(m.start), minutesOf(m.end)];
    return s < e ? t >= s && t < e : t >= s || t < e;
  });
}

/** Fen to ask for after `insufficientToday` insufficient-funds failures of the day. */
export function amountToRequest(
  rule: WindowRule,
  dueFen: bigint,
  insufficientToday: number,
): bigint {
  if (rule.amount.strategy === 'full' || rule.amount.stepDown.length === 0) return dueFen;
  const shares = rule.amount.stepDown;
  const text = shares[Math.min(insufficientToday, shares.length - 1)]!;
  // The whole amount (the first step, asked for millions of times a day) needs no decimals.
  if (text === '1') return dueFen;
  const share = new Dec(text);
  // Rounded down to fen: never ask for more than the share.
  return BigInt(
    new Dec(dueFen.toString()).times(share).toDecimalPlaces(0, Dec.ROUND_DOWN).toFixed(0),
  );
}
