import { describe, expect, it } from 'vitest';
import { isValidChineseIdNo, isValidChineseMobile } from './validators';

describe('resident ID numbers', () => {
  it.each(['110101199003071233', '11010519491231002X', '11010519491231002x'])(
    '%s is valid',
    (id) => {
      expect(isValidChineseIdNo(id)).toBe(true);
    },
  );
  it.each([
    ['110101199003071234', 'wrong checksum (API.md sample)'],
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
