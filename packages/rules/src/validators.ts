// Mainland identity checks used at intake.
import { isValidDate } from './dates';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** 18-character resident ID (GB 11643): region, valid birth date, sequence, checksum. */
export function isValidChineseIdNo(value: string): boolean {
  const id = value.toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) return false;
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isValidDate(birth) || Number(id.slice(6, 10)) < 1900) return false;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return ID_CHECK[sum % 11] === id[17];
}

/** Mainland mobile: 11 digits starting 13–19. */
export function isValidChineseMobile(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(value);
}
