// The reports' filters live in the address (a dashboard can be shared, and the back button
// returns to it), and a click on a chart opens the debit orders list with the same filters and
// what was clicked.
import type { RouterInputs } from '@/lib/trpc';

export type CollectionsFilters = RouterInputs['reports']['collections'];
export type ChannelsFilters = RouterInputs['reports']['channels'];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const WINDOW = /^([01]\d|2[0-3]):[0-5]\d$/;
const LINES = ['lease', 'consumer', 'supply_chain'] as const;

const text = (search: URLSearchParams, key: string) => {
  const value = search.get(key)?.trim();
  return value ? value.slice(0, 40) : undefined;
};
const matching = (search: URLSearchParams, key: string, pattern: RegExp) => {
  const value = search.get(key);
  return value && pattern.test(value) ? value : undefined;
};

/** Only what is set: the engine fills in the dates it is not given (the last 30 days). */
function compact<T extends object>(values: T): T {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as T;
}

/** The collections dashboard's filters from the address; anything malformed is left out. */
export function collectionsFiltersOf(search: URLSearchParams): CollectionsFilters {
  const line = search.get('businessLine');
  return compact({
    from: matching(search, 'from', DATE),
    to: matching(search, 'to', DATE),
    funderCode: text(search, 'funderCode'),
    productCode: text(search, 'productCode'),
    businessLine: LINES.find((l) => l === line),
    channel: text(search, 'channel'),
    bank: text(search, 'bank'),
    window: matching(search, 'window', WINDOW),
  });
}

export function channelsFiltersOf(search: URLSearchParams): ChannelsFilters {
  return compact({
    from: matching(search, 'from', DATE),
    to: matching(search, 'to', DATE),
    channel: text(search, 'channel'),
    bank: text(search, 'bank'),
  });
}

/** The address's query for some filters (keys in a fixed order, empty ones left out). */
export function searchOf(filters: object): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters))
    if (typeof value === 'string' && value !== '') query.set(key, value);
  return query.toString();
}

/** What a click on a chart narrows the list to, besides the dashboard's own filters. */
export interface Drill {
  /** One business date (a day's bar or point); else the dashboard's range. */
  businessDate?: string;
  window?: string;
  channel?: string;
  bank?: string;
  funderCode?: string;
  productCode?: string;
  businessLine?: string;
  outcome?: string;
  rawCode?: string;
  attempt?: 'first' | 'retry';
}

/**
 * The debit orders list (代扣 → 扣款订单) showing the orders behind a click: the dashboard's
 * range (or the day clicked) and scope, and what was clicked on top.
 */
export function drillHref(
  range: { from: string; to: string },
  scope: Omit<CollectionsFilters, 'from' | 'to'>,
  drill: Drill,
): string {
  const dates = drill.businessDate
    ? { dateFrom: drill.businessDate, dateTo: drill.businessDate }
    : { dateFrom: range.from, dateTo: range.to };
  const { businessDate: _day, ...clicked } = drill;
  void _day;
  return `/debits?${searchOf({ tab: 'orders', ...dates, ...scope, ...clicked })}`;
}
