// The debit orders list's filters as an address carries them (a report's drill-down: 代扣 →
// 扣款订单 with the chart's filters), and back into the search form's values.
import dayjs, { type Dayjs } from 'dayjs';
import type { RouterInputs } from '@/lib/trpc';
import {
  BUSINESS_LINES,
  CHANNEL_RESULT_CLASSES,
  DEBIT_OUTCOMES,
  DEBIT_STATUSES,
} from '@repay/rules/vocabulary';

export type OrderFilters = Omit<RouterInputs['debits']['orders'], 'cursor' | 'limit'>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const WINDOW = /^([01]\d|2[0-3]):[0-5]\d$/;
const TEXT = ['channel', 'funderCode', 'productCode', 'bank', 'rawCode', 'orderNo'] as const;
const ENUMS = {
  status: DEBIT_STATUSES,
  resultClass: CHANNEL_RESULT_CLASSES,
  businessLine: BUSINESS_LINES,
  outcome: DEBIT_OUTCOMES,
  attempt: ['first', 'retry'],
} as const;

/** The filters an address names (anything malformed left out): none when it names none. */
export function orderFiltersOf(search: URLSearchParams): OrderFilters {
  // Every value is checked above against what the list's procedure takes.
  const f: Record<string, string> = {};
  for (const key of ['businessDate', 'dateFrom', 'dateTo'] as const) {
    const v = search.get(key);
    if (v && DATE.test(v)) f[key] = v;
  }
  const window = search.get('window');
  if (window && WINDOW.test(window)) f.window = window;
  for (const key of TEXT) {
    const v = search.get(key);
    // A raw code may be empty ('' is "no code"); the others mean nothing empty.
    if (v !== null && (v.trim() !== '' || key === 'rawCode')) f[key] = v.trim().slice(0, 40);
  }
  for (const [key, values] of Object.entries(ENUMS)) {
    const v = search.get(key);
    if (v && values.some((value: string) => value === v)) f[key] = v;
  }
  return f;
}

/** The search form's values for some filters: a date range as the range picker holds it. */
export function formValuesOf(f: OrderFilters) {
  const { dateFrom, dateTo, businessDate, ...rest } = f;
  return {
    ...rest,
    businessDate: businessDate ? dayjs(businessDate) : null,
    dates: dateFrom && dateTo ? ([dayjs(dateFrom), dayjs(dateTo)] as [Dayjs, Dayjs]) : null,
  };
}
