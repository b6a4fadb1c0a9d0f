// Shared pieces of rule bodies: times of day, yuan amounts, rates, facts every kind knows.
import { z } from 'zod';

import type { FactSpecs } from '../conditions/types';
import { namedFormat } from '../rule-issue';
import { BUSINESS_LINES } from '../vocabulary';

export const TIME_OF_DAY = namedFormat(/^([01]\d|2[0-3]):[0-5]\d$/, 'time_of_day');
export const timeOfDay = z
  .string()
  .regex(TIME_OF_DAY, 'a time of day as HH:mm from 00:00 to 23:59');
export const yuanAmount = z
  .string()
  .regex(
    namedFormat(/^\d{1,12}(\.\d{1,2})?$/, 'yuan_amount'),
    'an amount in yuan such as "20" or "20.00"',
  );
export const rateString = z
  .string()
  .regex(namedFormat(/^(0|[1-9]\d{0,2})(\.\d{1,8})?$/, 'rate'), 'a decimal rate such as "0.24"');
export const isoDate = z
  .string()
  .regex(namedFormat(/^\d{4}-\d{2}-\d{2}$/, 'date'), 'a date as YYYY-MM-DD');

/** Minutes after midnight for "HH:mm". */
export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** Facts every scoped rule can test. */
export const SCOPE_FACTS: FactSpecs = {
  businessLine: { type: 'string', values: BUSINESS_LINES, description: '业务线' },
  funderCode: { type: 'string', description: '资金方编码' },
  productCode: { type: 'string', description: '产品编码' },
};

export const BANK_CODES = [
  'ICBC',
  'CCB',
  'ABC',
  'BOC',
  'CMB',
  'BOCOM',
  'PSBC',
  'CITIC',
  'CEB',
  'CMBC',
  'SPDB',
  'CIB',
  'PAB',
  'HXB',
  'GDB',
] as const;
