import { describe, expect, it } from 'vitest';

import { CellError, compileTimePattern, fenCellToFen, yuanCellToFen } from './values';

describe('yuanCellToFen', () => {
  it('reads yuan exactly, to the fen', () => {
    expect(yuanCellToFen('0.10')).toBe(10n);
    expect(yuanCellToFen('1234.56')).toBe(123456n);
    expect(yuanCellToFen('12')).toBe(1200n);
    expect(yuanCellToFen('0.1')).toBe(10n);
    expect(yuanCellToFen('-0.60')).toBe(-60n);
    expect(yuanCellToFen('+1.00')).toBe(100n);
    // 0.1 + 0.2 in floats is 0.30000000000000004: no float is involved.
    expect(yuanCellToFen('99999999999.99')).toBe(9999999999999n);
  });

  it('accepts WeChat five-decimal fees when the digits past the fen are zeros', () => {
    expect(yuanCellToFen('0.32000')).toBe(32n);
    expect(yuanCellToFen('-0.27000')).toBe(-27n);
    expect(() => yuanCellToFen('0.32500')).toThrow(/fraction of a fen/);
  });

  it('refuses what is not an amount', () => {
    for (const bad of ['', 'abc', '1.2.3', '1,234.56', '1e3', '.5', '¥1.00'])
      expect(() => yuanCellToFen(bad), bad).toThrow(CellError);
  });
});

describe('fenCellToFen', () => {
  it('reads zero-padded fen and sign letters', () => {
    expect(fenCellToFen('000000010000')).toBe(10000n);
    expect(fenCellToFen('600')).toBe(600n);
    expect(fenCellToFen('-5')).toBe(-5n);
    expect(fenCellToFen('C000000001000')).toBe(1000n);
    expect(fenCellToFen('D000000000006')).toBe(-6n);
  });

  it('refuses what is not whole fen', () => {
    for (const bad of ['', 'D', '-', '12a', '1.00', ' 12'])
      expect(() => fenCellToFen(bad), bad).toThrow(CellError);
  });
});

describe('compileTimePattern', () => {
  const read = (pattern: string, text: string, businessDate: string | null = '2026-02-15') => {
    const reader = compileTimePattern(pattern, businessDate);
    if (typeof reader === 'string') throw new Error(reader);
    return reader(text);
  };

  it('reads Shanghai wall-clock times into ISO at +08:00', () => {
    expect(read('yyyy-MM-dd HH:mm:ss', '2026-02-15 10:00:03')).toBe('2026-02-15T10:00:03+08:00');
    expect(read('yyyyMMddHHmmss', '20260215235959')).toBe('2026-02-15T23:59:59+08:00');
    expect(read('yyyy/MM/dd HH:mm', '2026/02/15 08:05')).toBe('2026-02-15T08:05:00+08:00');
  });

  it('takes a missing year from the business date, across a new year both ways', () => {
    expect(read('MMddHHmmss', '0215100003')).toBe('2026-02-15T10:00:03+08:00');
    expect(read('MMddHHmmss', '1231235959', '2026-01-01')).toBe('2025-12-31T23:59:59+08:00');
    expect(read('MMddHHmmss', '0101000001', '2025-12-31')).toBe('2026-01-01T00:00:01+08:00');
    expect(read('MMddHHmmss', '0229120000', '2028-03-01')).toBe('2028-02-29T12:00:00+08:00');
    expect(() => read('MMddHHmmss', '0229120000', '2027-03-01')).toThrow(CellError);
  });

  it('converts ISO times with any offset to +08:00, to the second', () => {
    expect(read('iso', '2026-02-15T02:00:03.000Z')).toBe('2026-02-15T10:00:03+08:00');
    expect(read('iso', '2026-02-14T16:30:00Z')).toBe('2026-02-15T00:30:00+08:00');
    expect(read('iso', '2026-02-15T10:00:03+08:00')).toBe('2026-02-15T10:00:03+08:00');
    expect(read('iso', '2026-02-15T10:00:03-0100')).toBe('2026-02-15T19:00:03+08:00');
    expect(read('iso', '2026-02-15 10:00:03')).toBe('2026-02-15T10:00:03+08:00');
    expect(read('iso', '2026-02-15T10:00')).toBe('2026-02-15T10:00:00+08:00');
    expect(read('iso', '2026-02-15T10:00:03.5+0800')).toBe('2026-02-15T10:00:03+08:00');
    expect(read('iso', '2026-03-01T00:30:00+09:00')).toBe('2026-02-28T23:30:00+08:00');
    expect(read('iso', '2024-12-31T16:00:00Z')).toBe('2025-01-01T00:00:00+08:00');
    for (const bad of [
      '2026-02-15T10:00:03.Z',
      '2026-02-15T10:00:03+8',
      '2026-02-15T10:00:03ZZ',
      '2026-02-15T10:00:3',
      '2026-02-29T10:00:00Z',
      '2026-02-15X10:00:00',
    ])
      expect(() => read('iso', bad), bad).toThrow(CellError);
  });

  it('refuses times that do not fit the pattern or the calendar', () => {
    for (const bad of [
      '2026-02-30 10:00:00',
      '2026-02-15 24:00:00',
      '2026-02-15T10:00:03',
      '2026-02-15 10:00',
      '2026-2-15 10:00:00',
      '',
    ])
      expect(() => read('yyyy-MM-dd HH:mm:ss', bad), bad).toThrow(CellError);
    expect(() => read('iso', '2026-13-01T00:00:00Z')).toThrow(CellError);
    expect(() => read('iso', 'yesterday')).toThrow(CellError);
  });

  it('names what is wrong with a pattern', () => {
    expect(compileTimePattern('yyyy-MM-dd', null)).toMatch(/no HH/);
    expect(compileTimePattern('yyyy-MM-dd HH:mm:ss.SSS', null)).toMatch(
      /"S" is not a pattern letter/,
    );
    expect(compileTimePattern('MMddHHmmMM', null)).toMatch(/MM appears twice/);
    expect(typeof compileTimePattern('MMddHHmm', null)).toBe('function');
  });
});
