// Money is integer fen (bigint) everywhere; yuan decimal strings only at the edges.
import Decimal from 'decimal.js';

/** Decimal configured for money: ample precision, half-up at the named rounding points. */
export const Dec = Decimal.clone({
  precision: 50,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -50,
  toExpPos: 50,
});
export type Dec = InstanceType<typeof Dec>;

export class MoneyFormatError extends Error {
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(`"${input}" is not a yuan amount: ${reason}`);
    this.name = 'MoneyFormatError';
  }
}

export class RateFormatError extends Error {
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(`"${input}" is not a rate: ${reason}`);
    this.name = 'RateFormatError';
  }
}

const YUAN = /^(-)?(\d+)(?:\.(\d{1,2}))?$/;

/** "12", "12.3", "12.34", "-1.50" → fen. More than two decimals, exponents or junk throw. */
export function yuanToFen(input: string): bigint {
  const match = YUAN.exec(input);
  if (!match) {
    const reason = /^-?\d+\.\d{3,}$/.test(input)
      ? 'more than two decimals'
      : 'expected digits with up to two decimals';
    throw new MoneyFormatError(input, reason);
  }
  const [, sign, whole, fraction = ''] = match;
  const fen = BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0'));
  return sign ? -fen : fen;
}

/** fen → "5307.27"; always two decimals. */
export function fenToYuan(fen: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  return `${negative ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** fen → "¥1,234.56" (symbol optional), grouping the integer part. */
export function formatYuan(fen: bigint, options: { symbol?: boolean } = {}): string {
  const [whole, fraction] = fenToYuan(fen).split('.') as [string, string];
  const negative = whole.startsWith('-');
  const digits = negative ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${options.symbol === false ? '' : '¥'}${grouped}.${fraction}`;
}

/** Rounds a decimal amount of fen to whole fen, half-up (away from zero at .5). */
export function roundFen(amountInFen: Dec): bigint {
  return BigInt(amountInFen.toDecimalPlaces(0, Dec.ROUND_HALF_UP).toFixed(0));
}

/** A decimal rate string in [0, 1), e.g. "0.049". */
export function parseRate(input: string): Dec {
  if (!/^\d+(\.\d+)?$/.test(input))
    throw new RateFormatError(input, 'expected a decimal such as "0.049"');
  const rate = new Dec(input);
  if (rate.gte(1)) throw new RateFormatError(input, 'must be below 1');
  return rate;
}
