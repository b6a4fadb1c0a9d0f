import { describe, expect, it } from 'vitest';
import { orderFiltersOf } from '../debits/order-filters';
import { channelsFiltersOf, collectionsFiltersOf, drillHref, searchOf } from './report-filters';

describe('a report’s filters in the address', () => {
  it('reads what is well formed and leaves the rest out', () => {
    const search = new URLSearchParams(
      'from=2026-03-01&to=2026-03-15&funderCode=F-BANK-02&businessLine=consumer&window=16:00&bank=ICBC&channel=',
    );
    expect(collectionsFiltersOf(search)).toEqual({
      from: '2026-03-01',
      to: '2026-03-15',
      funderCode: 'F-BANK-02',
      businessLine: 'consumer',
      window: '16:00',
      bank: 'ICBC',
    });
    expect(
      collectionsFiltersOf(new URLSearchParams('from=yesterday&businessLine=cars&window=25:00')),
    ).toEqual({});
    expect(channelsFiltersOf(new URLSearchParams('channel=sandbox-a&funderCode=X'))).toEqual({
      channel: 'sandbox-a',
    });
  });

  it('writes only what is set', () => {
    expect(searchOf({ from: '2026-03-01', channel: '', bank: undefined, window: '10:00' })).toBe(
      'from=2026-03-01&window=10%3A00',
    );
  });
});

describe('drill-down to the debit orders', () => {
  const range = { from: '2026-03-01', to: '2026-03-15' };

  it('keeps the range and scope, and adds what was clicked', () => {
    const href = drillHref(
      range,
      { funderCode: 'F-BANK-02' },
      { channel: 'sandbox-a', outcome: 'fail_funds' },
    );
    expect(href).toBe(
      '/debits?tab=orders&dateFrom=2026-03-01&dateTo=2026-03-15&funderCode=F-BANK-02&channel=sandbox-a&outcome=fail_funds',
    );
    // The list reads back exactly those filters.
    expect(orderFiltersOf(new URLSearchParams(href.split('?')[1]))).toEqual({
      dateFrom: '2026-03-01',
      dateTo: '2026-03-15',
      funderCode: 'F-BANK-02',
      channel: 'sandbox-a',
      outcome: 'fail_funds',
    });
  });

  it('narrows to the day of a day’s bar or point', () => {
    expect(drillHref(range, {}, { businessDate: '2026-03-09', outcome: 'success' })).toBe(
      '/debits?tab=orders&dateFrom=2026-03-09&dateTo=2026-03-09&outcome=success',
    );
  });

  it('lets the list read a raw code that is empty, and refuses values it does not know', () => {
    expect(
      orderFiltersOf(
        new URLSearchParams('rawCode=&outcome=lost&attempt=retry&status=failed&window=9:00'),
      ),
    ).toEqual({ rawCode: '', attempt: 'retry', status: 'failed' });
  });
});
