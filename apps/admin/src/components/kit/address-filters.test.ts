import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import {
  addressOf,
  filtersOfAddress,
  filtersOfValues,
  sameFiltersData,
  valuesOfFilters,
  type FilterSpec,
} from './address-filters';

const SPEC: FilterSpec = {
  keys: { from: 'date', to: 'date', orderNo: 'text', source: ['debit', 'offline'], day: 'date' },
  range: ['from', 'to'],
};

describe('filtersOfAddress', () => {
  it('reads the spec keys, trimming text and leaving out what is malformed or unknown', () => {
    const search = new URLSearchParams(
      'orderNo=%20DEMO1%20&source=cash&from=2026-03-01&to=2026-13-45&day=yesterday&tab=x',
    );
    expect(filtersOfAddress(SPEC, search)).toEqual({ orderNo: 'DEMO1', from: '2026-03-01' });
    expect(filtersOfAddress(SPEC, new URLSearchParams('source=offline&orderNo=%20'))).toEqual({
      source: 'offline',
    });
  });
});

describe('addressOf', () => {
  it("writes the keys in the spec's order, empty and unknown ones left out", () => {
    expect(
      addressOf(SPEC, { source: 'debit', orderNo: '资方 A', to: '2026-03-15', from: '', x: '1' }),
    ).toBe('to=2026-03-15&orderNo=%E8%B5%84%E6%96%B9+A&source=debit');
    expect(addressOf(SPEC, {})).toBe('');
  });

  it('reads back as the same filters', () => {
    const filters = { from: '2026-03-01', to: '2026-03-15', orderNo: 'DEMO 2', source: 'offline' };
    expect(filtersOfAddress(SPEC, new URLSearchParams(addressOf(SPEC, filters)))).toEqual(filters);
  });
});

describe('filtersOfValues', () => {
  it('trims strings, leaves out empty fields, and turns the range into its two date keys', () => {
    expect(
      filtersOfValues(SPEC, {
        orderNo: '  DEMO3 ',
        source: undefined,
        dates: [dayjs('2026-03-01'), dayjs('2026-03-09')],
        day: dayjs('2026-02-28'),
      }),
    ).toEqual({ orderNo: 'DEMO3', from: '2026-03-01', to: '2026-03-09', day: '2026-02-28' });
    expect(filtersOfValues(SPEC, { orderNo: '   ', dates: null })).toEqual({});
  });

  it('keeps an open end of the range', () => {
    expect(filtersOfValues(SPEC, { dates: [null, dayjs('2026-03-09')] })).toEqual({
      to: '2026-03-09',
    });
  });
});

describe('valuesOfFilters', () => {
  it('names every field, so what the filters no longer hold is cleared', () => {
    const values = valuesOfFilters(SPEC, { orderNo: 'DEMO1', from: '2026-03-01' });
    expect(Object.keys(values).sort()).toEqual(['dates', 'day', 'orderNo', 'source']);
    expect(values.orderNo).toBe('DEMO1');
    expect(values.source).toBeUndefined();
    expect(values.day).toBeNull();
    expect(values.dates?.[0]?.format('YYYY-MM-DD')).toBe('2026-03-01');
    expect(values.dates?.[1]).toBeNull();
    expect(valuesOfFilters(SPEC, {}).dates).toBeNull();
  });

  it('round-trips through the form', () => {
    const filters = { from: '2026-03-01', to: '2026-03-15', source: 'debit', day: '2026-03-02' };
    expect(filtersOfValues(SPEC, valuesOfFilters(SPEC, filters))).toEqual(filters);
  });
});

describe('sameFiltersData', () => {
  const rows = { items: ['a'] };
  const keyOf = (input: object) => [['ledger', 'entries'], { input, type: 'query' }];
  it("keeps the rows shown while paging the same filters, not while other filters' load", () => {
    const keep = sameFiltersData(SPEC, { orderNo: 'DEMO1' });
    const paging = { queryKey: keyOf({ orderNo: 'DEMO1', cursor: '42', limit: 50 }) };
    expect(keep(rows, paging)).toBe(rows);
    const other = { queryKey: keyOf({ orderNo: 'DEMO2', cursor: null, limit: 50 }) };
    expect(keep(rows, other)).toBeUndefined();
    expect(keep(rows, { queryKey: keyOf({ cursor: null, limit: 50 }) })).toBeUndefined();
    expect(keep(rows, undefined)).toBeUndefined();
  });
});
