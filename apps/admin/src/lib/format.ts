// Display formats. Money arrives as yuan decimal strings ("1234.56"); it is parsed and formatted
// by @repay/rules (integer fen, never floats). Instants are shown in business time (Asia/Shanghai).
import { fenToYuan, formatYuan as formatFen, yuanToFen } from '@repay/rules';

/** "1234567.8" → "¥1,234,567.80"; "-0.5" → "-¥0.50". Anything that is not an amount is shown as it came. */
export function formatYuan(value: string): string {
  try {
    return formatFen(yuanToFen(value.trim()));
  } catch {
    return value;
  }
}

/** An amount as a person types it in yuan: up to 12 digits and 2 decimals, e.g. "50000.00". */
export const YUAN_INPUT = /^\d{1,12}(\.\d{1,2})?$/;

/** formatYuan for optional values: '-' when there is nothing to show. */
export function yuan(value: string | null | undefined): string {
  return value === null || value === undefined || value === '' ? '-' : formatYuan(value);
}

/** Exact sum of yuan strings (for table summary rows). */
export function sumYuan(values: readonly string[]): string {
  return fenToYuan(values.reduce((total, v) => total + yuanToFen(v), 0n));
}

/** Counts with thousands separators, the same in both languages: 12,345. */
export function formatCount(value: number): string {
  return String(Math.trunc(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const shanghai = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** An ISO instant in business time: "2026-03-15 10:00:00" (Asia/Shanghai), '-' when absent. */
export function shanghaiTime(iso: string | null | undefined): string {
  if (!iso) return '-';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const part = Object.fromEntries(shanghai.formatToParts(date).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second}`;
}

/** A decimal rate string as a percentage, exactly: "0.049" → "4.9%", "0.1" → "10%". */
export function percent(rate: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(rate.trim());
  if (!match) return rate;
  const [, sign = '', whole = '0', fraction = ''] = match;
  const digits = `${whole}${fraction.padEnd(2, '0')}`;
  const point = whole.length + 2;
  const integer = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const rest = digits.slice(point).replace(/0+$/, '');
  return `${sign}${integer}${rest ? `.${rest}` : ''}%`;
}
