import { describe, expect, it } from 'vitest';
import { formatCount, formatYuan, percent, shanghaiTime, sumYuan, yuan } from './format';

describe('console formats', () => {
  it('shows yuan strings as ¥ with grouping, exactly', () => {
    expect(yuan('1234.56')).toBe('¥1,234.56');
    expect(yuan('599383149.20')).toBe('¥599,383,149.20');
    expect(yuan('0.00')).toBe('¥0.00');
    expect(yuan(null)).toBe('-');
  });

  it('shows rates as percentages without floating point noise', () => {
    expect(percent('0.12')).toBe('12%');
    expect(percent('0.0899')).toBe('8.99%');
    expect(percent('0.049')).toBe('4.9%');
    expect(percent('0.12000000')).toBe('12%');
    expect(percent('0.07')).toBe('7%');
  });

  it('shows instants in Asia/Shanghai whatever the machine zone', () => {
    expect(shanghaiTime('2026-03-15T02:00:00.000Z')).toBe('2026-03-15 10:00:00');
    expect(shanghaiTime('2026-03-14T16:30:00Z')).toBe('2026-03-15 00:30:00');
  });
});

describe('exact money text', () => {
  it.each([
    ['1234567.8', '¥1,234,567.80'],
    ['100', '¥100.00'],
    ['0.05', '¥0.05'],
    ['999999999999999999.99', '¥999,999,999,999,999,999.99'],
    ['-1234.5', '-¥1,234.50'],
    ['-0.00', '¥0.00'],
    ['007.10', '¥7.10'],
    ['n/a', 'n/a'],
  ])('formatYuan(%s) → %s', (input, expected) => {
    expect(formatYuan(input)).toBe(expected);
  });

  it('sums yuan strings in fen (plan summary row)', () => {
    expect(sumYuan(['0.10', '0.20'])).toBe('0.30');
    expect(sumYuan(['9539.60', '9539.60', '9539.6'])).toBe('28618.80');
    expect(sumYuan([])).toBe('0.00');
  });

  it('groups counts the same in both languages', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(12)).toBe('12');
  });
});
