// Mainland identity checks used at intake.
import { isValidDate } from './dates';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The shape of a resident ID number (the checksum and birth date are checked apart). */
export const CHINESE_ID_NO_PATTERN = /^[1-9]\d{16}[\dXx]$/;
/** Mainland mobile: 11 digits starting 13–19. */
export const CHINESE_MOBILE_PATTERN = /^1[3-9]\d{9}$/;

/** 18-character resident ID (GB 11643): region, valid birth date, sequence, checksum. */
export function isValidChineseIdNo(value: string): boolean {
  const id = value.toUpperCase();
  if (!CHINESE_ID_NO_PATTERN.test(id)) return false;
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isValidDate(birth) || Number(id.slice(6, 10)) < 1900) return false;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return ID_CHECK[sum % 11] === id[17];
}

export function isValidChineseMobile(value: string): boolean {
  return CHINESE_MOBILE_PATTERN.test(value);
}

/** Sum of the Luhn (mod 10) algorithm: every second digit from the right doubled. */
function luhnSum(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum;
}

/** Bank card number: 12–19 digits passing the Luhn check (every mainland UnionPay card does). */
export function isValidCardNo(value: string): boolean {
  return /^\d{12,19}$/.test(value) && luhnSum(value) % 10 === 0;
}

/**
 * `head`, one digit, then `tail`, the digit chosen so the number passes the Luhn check. With
 * no tail it is the usual check digit; test and demo cards keep their last four digits (the
 * channel sandbox reads a card's behaviour from them) and adjust the digit before.
 */
export function luhnCardNo(head: string, tail = ''): string {
  if (!/^\d*$/.test(head + tail)) throw new Error('a card number has digits only');
  // The adjusting digit is doubled when the tail has an odd length.
  const doubled = tail.length % 2 === 1;
  const missing = (10 - (luhnSum(`${head}0${tail}`) % 10)) % 10;
  const digit = doubled ? [0, 5, 1, 6, 2, 7, 3, 8, 4, 9][missing]! : missing;
  return `${head}${digit}${tail}`;
}
