// A job's schedule: five cron fields in business time (Asia/Shanghai), read by cron-parser, the
// parser pg-boss schedules with, so the next run the console shows is the one pg-boss makes.
import parser from 'cron-parser';
import { addDays, timeOfDayIn } from '@repay/rules';
import { BUSINESS_TIME_ZONE } from '../../lib/clock';

/** Why a cron is not a schedule we take (null when it is one). */
export function scheduleProblem(cron: string): string | null {
  if (cron.trim().split(/\s+/).length !== 5)
    return `"${cron}": five fields (minute hour day month weekday)`;
  try {
    parser.parseExpression(cron, { tz: BUSINESS_TIME_ZONE });
    return null;
  } catch (error) {
    return `"${cron}": ${(error as Error).message}`;
  }
}

/** The first time after `now` the cron fires, in business time. */
export function nextRunAfter(cron: string, now: Date): Date {
  return parser.parseExpression(cron, { currentDate: now, tz: BUSINESS_TIME_ZONE }).next().toDate();
}

/** The instant of a business date's time of day (HH:MM); business time has no daylight saving. */
export function instantOf(day: string, time: string): Date {
  return new Date(`${day}T${time}:00+08:00`);
}

/** The times of day (HH:MM) a cron fires on a business date, in order (at most `limit`). */
export function timesOn(cron: string, day: string, limit = 48): string[] {
  const times: string[] = [];
  const iterator = parser.parseExpression(cron, {
    // Just before the day's first minute: a cron at 00:00 is the day's.
    currentDate: new Date(instantOf(day, '00:00').getTime() - 1000),
    endDate: instantOf(addDays(day, 1), '00:00'),
    tz: BUSINESS_TIME_ZONE,
  });
  while (times.length < limit && iterator.hasNext()) {
    const next = iterator.next().toDate();
    if (next >= instantOf(addDays(day, 1), '00:00')) break;
    times.push(timeOfDayIn(BUSINESS_TIME_ZONE, next));
  }
  return times;
}
