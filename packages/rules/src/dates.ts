// Business dates are 'YYYY-MM-DD' calendar dates (Asia/Shanghai); pure integer arithmetic.
export type BusinessDate = string;

interface Ymd {
  y: number;
  m: number;
  d: number;
}

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[m - 1]!;
}

function parseValid(value: string): Ymd | null {
  const match = PATTERN.exec(value);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m) ? { y, m, d } : null;
}

export function isValidDate(value: string): boolean {
  return parseValid(value) !== null;
}

export function parseDate(value: BusinessDate): Ymd {
  const ymd = parseValid(value);
  if (!ymd) throw new RangeError(`not a calendar date: ${value}`);
  return ymd;
}

export function formatDate({ y, m, d }: Ymd): BusinessDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Days since 1970-01-01 (proleptic Gregorian), for exact day differences. */
function dayNumber({ y, m, d }: Ymd): number {
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

export function addDays(date: BusinessDate, days: number): BusinessDate {
  const t = new Date((dayNumber(parseDate(date)) + days) * 86_400_000);
  return formatDate({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() });
}

// Day numbers of the dates seen lately: a run asks about the same few due dates for every
// installment. Bounded: cleared when full.
const dayNumbers = new Map<string, number>();
function dayNumberOf(date: BusinessDate): number {
  let n = dayNumbers.get(date);
  if (n === undefined) {
    n = dayNumber(parseDate(date));
    if (dayNumbers.size >= 4096) dayNumbers.clear();
    dayNumbers.set(date, n);
  }
  return n;
}

/** Actual days from a to b, counting the start and not the end (算头不算尾): b − a. */
export function daysBetween(a: BusinessDate, b: BusinessDate): number {
  return dayNumberOf(b) - dayNumberOf(a);
}

/**
 * The anchor's day-of-month k months later, clamped to the month's end but always anchored to
 * the original day: 01-31 → 02-28, 03-31, 04-30.
 */
export function addMonthsAnchored(anchor: BusinessDate, k: number): BusinessDate {
  const { y, m, d } = parseDate(anchor);
  const zeroBased = y * 12 + (m - 1) + k;
  const ty = Math.floor(zeroBased / 12);
  const tm = (zeroBased % 12) + 1;
  return formatDate({ y: ty, m: tm, d: Math.min(d, daysInMonth(ty, tm)) });
}

/**
 * 30/360 day count between two dates. The end of a month counts as day 30 on both sides
 * (30E/360 with month-end treated as 30), so a period between consecutive anchored due
 * dates is exactly 30 days even when clamping moved them (01-31 → 02-28 → 03-31).
 */
export function days360(a: BusinessDate, b: BusinessDate): number {
  const s = parseDate(a);
  const e = parseDate(b);
  const sd = s.d === daysInMonth(s.y, s.m) || s.d > 30 ? 30 : s.d;
  const ed = e.d === daysInMonth(e.y, e.m) || e.d > 30 ? 30 : e.d;
  return (e.y - s.y) * 360 + (e.m - s.m) * 30 + (ed - sd);
}

export function compareDates(a: BusinessDate, b: BusinessDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Formatters are costly to build and are asked for thousands of times a run: one per zone.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();
function formatOf(
  cache: Map<string, Intl.DateTimeFormat>,
  timeZone: string,
  make: () => Intl.DateTimeFormat,
): Intl.DateTimeFormat {
  let format = cache.get(timeZone);
  if (!format) cache.set(timeZone, (format = make()));
  return format;
}

/** Today's calendar date in a time zone (Asia/Shanghai for business dates). */
export function todayIn(timeZone: string, now: Date): BusinessDate {
  const parts = formatOf(
    dateFormats,
    timeZone,
    () =>
      new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }),
  ).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The wall-clock time 'HH:MM' in a time zone (deduction windows, maintenance windows). */
export function timeOfDayIn(timeZone: string, now: Date): string {
  const parts = formatOf(
    timeFormats,
    timeZone,
    () =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }),
  ).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('hour')}:${get('minute')}`;
}

/** Is 'HH:MM' inside [start, end)? A window whose end is before its start crosses midnight. */
export function inTimeRange(time: string, start: string, end: string): boolean {
  return start < end ? time >= start && time < end : time >= start || time < end;
}
