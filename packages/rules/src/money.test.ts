import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Dec,
  fenToYuan,
  formatYuan,
  MoneyFormatError,
  parseRate,
  roundFen,
  yuanToFen,
} from './money';

describe('yuanToFen / fenToYuan', () => {
  it.each([
    ['12', 1200n],
    ['12.3', 1230n],
    ['12.34', 1234n],
    ['0.05', 5n],
    ['-1.50', -150n],
    ['5307.27', 530727n],
    ['0', 0n],
  ])('%s → %s fen', (yuan, fen) => {
    expect(yuanToFen(yuan)).toBe(fen);
  });

  it.each(['12.345', '1e3', ' 12', '12 ', '', '.5', '12.', '1,000.00', 'abc', '+1'])(
    'rejects %j',
    (bad) => {
      expect(() => yuanToFen(bad)).toThrow(MoneyFormatError);
    },
  );

  it.each([
    [530727n, '5307.27'],
    [5n, '0.05'],
    [-50n, '-0.50'],
    [0n, '0.00'],
    [100000000n, '1000000.00'],
  ])('%s fen → %s', (fen, yuan) => {
    expect(fenToYuan(fen)).toBe(yuan);
  });

  it('round-trips every amount', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        (fen) => yuanToFen(fenToYuan(fen)) === fen,
      ),
    );
  });

  it('formats for display with grouping and the yuan sign', () => {
    expect(formatYuan(123456n)).toBe('¥1,234.56');
    expect(formatYuan(-123456789n)).toBe('-¥1,234,567.89');
    expect(formatYuan(5n, { symbol: false })).toBe('0.05');
  });
});

describe('rounding points', () => {
  it('rounds half-up to whole fen', () => {
    expect(roundFen(new Dec('408333.3333'))).toBe(408333n);
    expect(roundFen(new Dec('0.5'))).toBe(1n);
    expect(roundFen(new Dec('83.75'))).toBe(84n);
    expect(roundFen(new Dec('83.4999'))).toBe(83n);
  });
});

describe('parseRate', () => {
  it('accepts decimals in [0, 1) and refuses the rest', () => {
    expect(parseRate('0.049').toString()).toBe('0.049');
    expect(parseRate('0').toString()).toBe('0');
    expect(() => parseRate('1')).toThrow();
    expect(() => parseRate('-0.1')).toThrow();
    expect(() => parseRate('4.9%')).toThrow();
  });
});
