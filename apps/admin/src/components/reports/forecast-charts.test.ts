import { describe, expect, it } from 'vitest';
import { askedOption, hrefOf, loansHref, slotsOf, type Forecast } from './forecast-charts';

const t = ((k: string) => k) as never;
const forecast = {
  from: '2026-03-15',
  to: '2026-03-16',
  gray: [],
  totals: {
    asked: { published: '3330.00', withGray: '4450.00' },
    accrual: { published: '0.00', withGray: '0.00' },
  },
  dates: [
    {
      date: '2026-03-15',
      slots: [
        {
          start: '14:00',
          end: '14:30',
          published: { installments: 1, amount: '1110.00' },
          withGray: { installments: 2, amount: '2230.00' },
        },
      ],
      accrual: {
        accrued: false,
        published: { installments: 0, penalty: '0.00', fee: '0.00', total: '0.00' },
        withGray: { installments: 0, penalty: '0.00', fee: '0.00', total: '0.00' },
      },
    },
    {
      date: '2026-03-16',
      slots: [
        {
          start: '10:00',
          end: '10:30',
          published: { installments: 2, amount: '2220.00' },
          withGray: { installments: 2, amount: '2220.00' },
        },
      ],
      accrual: {
        accrued: false,
        published: { installments: 0, penalty: '0.00', fee: '0.00', total: '0.00' },
        withGray: { installments: 0, penalty: '0.00', fee: '0.00', total: '0.00' },
      },
    },
  ],
} as unknown as Forecast;

describe('forecast charts', () => {
  it('has a series per slot, a gap where a date lacks it, on the chosen side', () => {
    expect(slotsOf(forecast)).toEqual(['10:00', '14:00']);
    const gray = askedOption(forecast, 'withGray', {}, t, 'zh-CN');
    expect(gray.series.map((s) => s.data.map((d) => [d.amount, d.count]))).toEqual([
      [
        ['0.00', 0],
        ['2220.00', 2],
      ],
      [
        ['2230.00', 2],
        ['0.00', 0],
      ],
    ]);
  });

  it('opens the loans of the scope, active, due by the clicked date', () => {
    expect(loansHref({ funderCode: 'F-TRUST-01', productCode: '' }, '2026-03-16')).toBe(
      '/loans?funderCode=F-TRUST-01&status=active&dueTo=2026-03-16',
    );
    const option = askedOption(forecast, 'published', { businessLine: 'consumer' }, t, 'en');
    expect(hrefOf({ data: option.series[0]!.data[1] })).toBe(
      '/loans?businessLine=consumer&status=active&dueTo=2026-03-16',
    );
    expect(hrefOf(null)).toBeNull();
  });
});
