import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isValidCardNo, isValidChineseIdNo, isValidChineseMobile, luhnCardNo } from './validators';

describe('resident ID numbers', () => {
  it.each(['110101199003071233', '11010519491231002X', '11010519491231002x'])(
    '%s is valid',
    (id) => {
      expect(isValidChineseIdNo(id)).toBe(true);
    },
  );
  it.each([
    ['110101199003071234', 'wrong checksum (docs/api.md sample)'],
    ['110101199002301233', 'impossible birth date'],
    ['11010119900307123', '17 characters'],
    ['010101199003071233', 'region starting with 0'],
    ['11010119900307123A', 'letter other than X'],
  ])('%s is refused: %s', (id) => expect(isValidChineseIdNo(id)).toBe(false));
});

describe('mobile numbers', () => {
  it.each(['13800138000', '19912345678', '15000000000'])('%s is valid', (m) =>
    expect(isValidChineseMobile(m)).toBe(true),
  );
  it.each(['12800138000', '1380013800', '138001380000', '+8613800138000', '138-0013-8000'])(
    '%s is refused',
    (m) => expect(isValidChineseMobile(m)).toBe(false),
  );
});

describe('bank card numbers (Luhn)', () => {
  it.each(['4111111111111111', '6222021234567890128'])('%s is valid', (n) =>
    expect(isValidCardNo(n)).toBe(true),
  );
  it.each([
    ['6222021234567890123', 'wrong check digit'],
    ['4111111111111112', 'one digit off'],
    ['79927398713', '11 digits (passes Luhn, too short)'],
    ['62220212345678901230', '20 digits'],
    ['6222 0212 3456 7890', 'spaces'],
  ])('%s is refused: %s', (n) => expect(isValidCardNo(n)).toBe(false));

  it('makes a valid number that keeps the head and the last four digits', () => {
    expect(luhnCardNo('622202123456789012')).toBe('6222021234567890128');
    expect(luhnCardNo('62220202001122', '0000')).toMatch(/^62220202001122\d0000$/);
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{6,14}$/),
        fc.stringMatching(/^[0-9]{0,4}$/),
        (head, tail) => {
          const n = luhnCardNo(head, tail);
          expect(
            n.startsWith(head) && n.endsWith(tail) && n.length === head.length + tail.length + 1,
          ).toBe(true);
          expect(isValidCardNo(n) || n.length < 12).toBe(true);
          // Changing any one digit breaks it: the check catches every single-digit typo.
          const i = n.length - 1 - tail.length;
          const typo = n.slice(0, i) + String((Number(n[i]) + 1) % 10) + n.slice(i + 1);
          expect(isValidCardNo(typo)).toBe(false);
        },
      ),
    );
  });
});
