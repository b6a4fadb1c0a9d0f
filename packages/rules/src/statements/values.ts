// Cell values of statement files: amounts in yuan or fen, and times in the layouts channels
// use, read exactly (no floats) and without building anything per line that can be built once.
import { daysInMonth, parseDate } from '../dates';
import { yuanToFen } from '../money';

/** A cell that cannot be read; the caller adds the line and column. */
export class CellError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CellError';
  }
}

const ZERO = 48;
const NINE = 57;

/**
 * Yuan text → signed fen, exactly: "1234.56" → 123456n, "-0.60" → -60n. Digits past the fen
 * are accepted only when they are zeros: WeChat writes fees with five decimals ("0.32000").
 */
export function yuanCellToFen(text: string): bigint {
  let s = text;
  if (s.charCodeAt(0) === 43 /* + */) s = s.slice(1);
  const dot = s.indexOf('.');
  if (dot !== -1 && s.length - dot > 3) {
    for (let i = dot + 3; i < s.length; i++) {
      if (s.charCodeAt(i) !== ZERO)
        throw new CellError(`"${text}" is not an amount in yuan: it has a fraction of a fen`);
    }
    s = s.slice(0, dot + 3);
  }
  try {
    return yuanToFen(s);
  } catch {
    throw new CellError(`"${text}" is not an amount in yuan`);
  }
}

/**
 * Fen text → signed fen: "000000010000" → 10000n. A leading '-', '+', or UnionPay's debit /
 * credit letter ('D' negative, 'C' positive) is the sign.
 */
export function fenCellToFen(text: string): bigint {
  const first = text.charCodeAt(0);
  const negative = first === 45 /* - */ || first === 68; /* D */
  const start = negative || first === 43 /* + */ || first === 67 /* C */ ? 1 : 0;
  if (start === text.length) throw new CellError(`"${text}" is not an amount in fen`);
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < ZERO || c > NINE) throw new CellError(`"${text}" is not an amount in fen`);
  }
  const fen = BigInt(start === 0 ? text : text.slice(start));
  return negative ? -fen : fen;
}

/** A count ("29") → number. */
export function countCell(text: string): number {
  if (text.length === 0 || text.length > 15) throw new CellError(`"${text}" is not a count`);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < ZERO || c > NINE) throw new CellError(`"${text}" is not a count`);
  }
  return Number(text);
}

/** Reads a time cell into ISO 8601 at +08:00 (Asia/Shanghai keeps no daylight saving). */
export type TimeReader = (text: string) => string;

const TOKENS = ['yyyy', 'MM', 'dd', 'HH', 'mm', 'ss'] as const;
type Token = (typeof TOKENS)[number];

interface Slot {
  at: number;
  width: number;
}

/**
 * Compiles a time pattern once: 'iso', or letters yyyy MM dd HH mm ss with any other characters
 * as literals ('yyyy-MM-dd HH:mm:ss', 'yyyyMMddHHmmss', 'MMddHHmmss'). Without yyyy the year
 * is the business date's, moved back (or forward) a year when the month is more than six months
 * after (before) it: a December time in a January file is last year's. Returns a problem as a
 * string when the pattern cannot be used.
 */
export function compileTimePattern(
  pattern: string,
  businessDate: string | null,
): TimeReader | string {
  if (pattern === 'iso') return readIso;
  const slots: Partial<Record<Token, Slot>> = {};
  const literals: { at: number; code: number }[] = [];
  let i = 0;
  while (i < pattern.length) {
    const token = TOKENS.find((t) => pattern.startsWith(t, i));
    if (token) {
      if (slots[token]) return `${token} appears twice`;
      slots[token] = { at: i, width: token.length };
      i += token.length;
      continue;
    }
    const c = pattern[i]!;
    if (/[A-Za-z]/.test(c))
      return `"${c}" is not a pattern letter: use yyyy MM dd HH mm ss (or the word iso)`;
    literals.push({ at: i, code: pattern.charCodeAt(i) });
    i++;
  }
  for (const required of ['MM', 'dd', 'HH', 'mm'] as const)
    if (!slots[required]) return `the pattern has no ${required}`;
  const length = pattern.length;
  const { yyyy, MM, dd, HH, mm, ss } = slots as Record<Token, Slot | undefined>;
  const business = businessDate === null ? null : parseDate(businessDate);

  const digits = (text: string, slot: Slot): number => {
    let n = 0;
    for (let k = slot.at; k < slot.at + slot.width; k++) {
      const c = text.charCodeAt(k);
      if (c < ZERO || c > NINE) return -1;
      n = n * 10 + (c - ZERO);
    }
    return n;
  };

  const bad = (text: string) => new CellError(`"${text}" is not a time as ${pattern}`);
  return (text: string): string => {
    if (text.length !== length) throw bad(text);
    for (const literal of literals)
      if (text.charCodeAt(literal.at) !== literal.code) throw bad(text);
    const month = digits(text, MM!);
    const day = digits(text, dd!);
    const hour = digits(text, HH!);
    const minute = digits(text, mm!);
    const second = ss ? digits(text, ss) : 0;
    let year: number;
    if (yyyy) year = digits(text, yyyy);
    else if (business === null) throw new CellError(`"${text}" has no year and no business date`);
    else {
      year = business.y;
      if (month - business.m > 6) year--;
      else if (business.m - month > 6) year++;
    }
    if (
      year < 1 ||
      month < 1 ||
      month > 12 ||
      day < 1 ||
      day > daysInMonth(year, month) ||
      hour < 0 ||
      hour > 23 ||
      minute < 0 ||
      minute > 59 ||
      second < 0 ||
      second > 59
    )
      throw bad(text);
    return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}+08:00`;
  };
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

const SHANGHAI_MINUTES = 8 * 60;

/** Two digits at `at` as a number, or -1. */
function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - ZERO;
  const b = text.charCodeAt(at + 1) - ZERO;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * ISO 8601 with or without an offset (none: Shanghai time) → +08:00, to the second. Read by
 * character positions: this runs once a line, a million times for a large file.
 */
function readIso(text: string): string {
  const y = (twoDigits(text, 0) * 100 + twoDigits(text, 2)) | 0;
  const mo = twoDigits(text, 5);
  const d = twoDigits(text, 8);
  const h = twoDigits(text, 11);
  const mi = twoDigits(text, 14);
  const sep = text.charCodeAt(10);
  let ok =
    text.length >= 16 &&
    twoDigits(text, 0) >= 0 &&
    twoDigits(text, 2) >= 0 &&
    text.charCodeAt(4) === 45 &&
    text.charCodeAt(7) === 45 &&
    (sep === 84 /* T */ || sep === 32) &&
    text.charCodeAt(13) === 58;
  let at = 16;
  let s = 0;
  if (ok && text.charCodeAt(at) === 58 /* : */) {
    s = twoDigits(text, at + 1);
    at += 3;
    if (text.charCodeAt(at) === 46 /* . */) {
      const start = ++at;
      while (at < text.length && text.charCodeAt(at) >= ZERO && text.charCodeAt(at) <= NINE) at++;
      ok = at > start && at - start <= 9;
    }
  }
  let offset = SHANGHAI_MINUTES;
  if (ok && at < text.length) {
    const z = text.charCodeAt(at);
    if (z === 90 /* Z */ && at + 1 === text.length) offset = 0;
    else if ((z === 43 || z === 45) && (text.length === at + 6 || text.length === at + 5)) {
      const colon = text.length === at + 6;
      const oh = twoDigits(text, at + 1);
      const om = twoDigits(text, at + (colon ? 4 : 3));
      ok = oh >= 0 && om >= 0 && (!colon || text.charCodeAt(at + 3) === 58);
      offset = (z === 45 ? -1 : 1) * (oh * 60 + om);
    } else ok = false;
  }
  if (
    !ok ||
    mo < 1 ||
    mo > 12 ||
    d < 1 ||
    d > daysInMonth(y, mo) ||
    h < 0 ||
    h > 23 ||
    mi < 0 ||
    mi > 59 ||
    s < 0 ||
    s > 59
  )
    throw new CellError(`"${text}" is not an ISO 8601 time`);
  const minutes = h * 60 + mi + SHANGHAI_MINUTES - offset;
  if (minutes >= 0 && minutes < 1440)
    return `${text.slice(0, 10)}T${two((minutes / 60) | 0)}:${two(minutes % 60)}:${two(s)}+08:00`;
  const t = new Date(Date.UTC(y, mo - 1, d, 0, minutes, s));
  return `${String(t.getUTCFullYear()).padStart(4, '0')}-${two(t.getUTCMonth() + 1)}-${two(t.getUTCDate())}T${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(s)}+08:00`;
}
