// A list's filters kept in its page's address, so a search can be shared, saved as a view
// (saved-views.tsx) and returned to with the back button: read from the address, written to it
// on a search, and shown in the search form (a [from, to] range picker for the two date keys).
import { Form } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useMemo } from 'react';
import { useCursorPages } from './list-page';

/** A filter's kind: a date (YYYY-MM-DD), free text (trimmed), or one of some values. */
export type FilterKind = 'date' | 'text' | readonly string[];

export interface FilterSpec {
  /** The filters' keys, in the order the address writes them. */
  keys: Record<string, FilterKind>;
  /** Two date keys the form shows as one range picker, its field `dates`. */
  range?: readonly [string, string];
}

type Range = [Dayjs | null, Dayjs | null] | null;
/** The search form's values: text and choices as strings, dates as dayjs, the range as a pair. */
export type FilterValues = Record<string, unknown> & { dates?: Range };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function accepted(kind: FilterKind, raw: string | null | undefined): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  if (kind === 'date')
    return DATE.test(value) && dayjs(value).format('YYYY-MM-DD') === value ? value : undefined;
  if (kind === 'text') return value;
  return kind.includes(value) ? value : undefined;
}

/** The filters an address names; anything malformed or unknown is left out. */
export function filtersOfAddress<F>(spec: FilterSpec, search: URLSearchParams): F {
  const filters: Record<string, string> = {};
  for (const [key, kind] of Object.entries(spec.keys)) {
    const value = accepted(kind, search.get(key));
    if (value !== undefined) filters[key] = value;
  }
  return filters as F;
}

/** The address's query for some filters: the spec's keys in its order, empty ones left out. */
export function addressOf(spec: FilterSpec, filters: object): string {
  const query = new URLSearchParams();
  const values = filters as Record<string, unknown>;
  for (const [key, kind] of Object.entries(spec.keys)) {
    const value = values[key];
    if (typeof value !== 'string') continue;
    const kept = accepted(kind, value);
    if (kept !== undefined) query.set(key, kept);
  }
  return query.toString();
}

/** The search form's values as filters: strings trimmed, empty fields left out. */
export function filtersOfValues<F>(spec: FilterSpec, values: FilterValues): F {
  const filters: Record<string, string> = {};
  const [from, to] = spec.range ?? [];
  for (const [key, kind] of Object.entries(spec.keys)) {
    let raw: unknown;
    if (key === from) raw = values.dates?.[0];
    else if (key === to) raw = values.dates?.[1];
    else raw = values[key];
    const text = dayjs.isDayjs(raw) ? raw.format('YYYY-MM-DD') : raw;
    const value = typeof text === 'string' ? accepted(kind, text) : undefined;
    if (value !== undefined) filters[key] = value;
  }
  return filters as F;
}

/**
 * The search form's values for some filters, every field named (undefined when not filtered),
 * so setting them clears what the filters no longer hold.
 */
export function valuesOfFilters(spec: FilterSpec, filters: object): FilterValues {
  const f = filters as Record<string, string | undefined>;
  const values: FilterValues = {};
  const [from, to] = spec.range ?? [];
  for (const [key, kind] of Object.entries(spec.keys)) {
    if (key === from || key === to) continue;
    values[key] = kind === 'date' ? (f[key] ? dayjs(f[key]) : null) : f[key];
  }
  if (from && to) {
    const start = f[from] ? dayjs(f[from]) : null;
    const end = f[to] ? dayjs(f[to]) : null;
    values.dates = start || end ? [start, end] : null;
  }
  return values;
}

/**
 * A list query's placeholderData: the rows shown so far while another page of the same filters
 * loads, but none of other filters' rows while a new search loads (they would read as its answer).
 */
export function sameFiltersData(spec: FilterSpec, filters: object) {
  const wanted = addressOf(spec, filters);
  return <T>(previous: T | undefined, previousQuery?: { queryKey: readonly unknown[] }) => {
    // A tRPC query's key holds its input as { input, type }.
    const key = previousQuery?.queryKey.find(
      (part): part is { input: object } =>
        typeof part === 'object' && part !== null && 'input' in part,
    );
    return key && addressOf(spec, key.input) === wanted ? previous : undefined;
  };
}

/**
 * A list's filters from its page's address: `filters` for its query, `form` for its search form
 * (showing what the address says, also after opening a saved view), `search` writing the form's
 * values to the address, and `pages` that start again on the first page for new filters.
 * The page must render the list inside <Suspense> (it reads the address).
 */
export function useAddressFilters<F extends object>(spec: FilterSpec) {
  const router = useRouter();
  const pathname = usePathname();
  const query = useSearchParams().toString();
  const [form] = Form.useForm<FilterValues>();
  // The spec is a module constant: the filters change with the address.
  const filters = useMemo(
    () => filtersOfAddress<F>(spec, new URLSearchParams(query)),
    [spec, query],
  );
  const pages = useCursorPages(query);

  useEffect(() => {
    form.setFieldsValue(valuesOfFilters(spec, filters));
  }, [form, spec, filters]);

  const search = (values: FilterValues) => {
    const next = addressOf(spec, filtersOfValues<F>(spec, values));
    // The same search again starts from the first page too.
    pages.reset();
    router.replace(next ? `${pathname}?${next}` : pathname);
  };
  const placeholder = useMemo(() => sameFiltersData(spec, filters), [spec, filters]);
  return { filters, form, pages, search, placeholder };
}
