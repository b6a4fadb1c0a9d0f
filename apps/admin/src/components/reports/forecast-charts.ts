// 预测's charts: asked per business date, one bar series per deduction slot (each bar opens the
// loans behind it), and the accrual expected per night (penalty and late fees stacked), on the
// side the user picked (published, or with the gray releases live).
import type { Translate } from '@/i18n';
import type { RouterOutputs } from '@/lib/trpc';
import {
  CHANNEL_PALETTE,
  chartNumber,
  compactYuan,
  escapeHtml,
  tipLine,
  yuanText,
} from './chart-kit';
import type { Locale } from '@/i18n';

export type Forecast = RouterOutputs['reports']['forecast'];
export type ForecastSide = 'published' | 'withGray';

export interface ForecastScope {
  funderCode?: string;
  productCode?: string;
  businessLine?: string;
}

/** The loans list narrowed as far as it can be: the scope, active, an installment due by the date. */
export function loansHref(scope: ForecastScope, date: string): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(scope) as [string, string | undefined][])
    if (v) params.set(k, v);
  params.set('status', 'active');
  params.set('dueTo', date);
  return `/loans?${params.toString()}`;
}

/** Every slot start of the forecast, in order (a slot some dates lack is a gap there). */
export const slotsOf = (f: Forecast) =>
  [...new Set(f.dates.flatMap((d) => d.slots.map((s) => s.start)))].sort();

export function askedOption(
  f: Forecast,
  side: ForecastSide,
  scope: ForecastScope,
  t: Translate,
  locale: Locale,
) {
  const slots = slotsOf(f);
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: {
        seriesName: string;
        name: string;
        data: { amount: string; count: number };
      }) =>
        [
          escapeHtml(`${p.name} ${p.seriesName}`),
          tipLine(t('forecast.amount'), yuanText(p.data.amount)),
          tipLine(t('forecast.installments'), String(p.data.count)),
        ].join('<br/>'),
    },
    legend: { data: slots },
    grid: { left: 64, right: 16, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: f.dates.map((d) => d.date) },
    yAxis: { type: 'value', axisLabel: { formatter: compactYuan(locale) } },
    series: slots.map((slot, k) => ({
      name: slot,
      type: 'bar',
      itemStyle: { color: CHANNEL_PALETTE[k % CHANNEL_PALETTE.length] },
      data: f.dates.map((d) => {
        const s = d.slots.find((x) => x.start === slot);
        const figure = s?.[side] ?? { installments: 0, amount: '0.00' };
        return {
          value: chartNumber(figure.amount),
          amount: figure.amount,
          count: figure.installments,
          href: loansHref(scope, d.date),
        };
      }),
    })),
  };
}

export function accrualOption(f: Forecast, side: ForecastSide, t: Translate, locale: Locale) {
  const part = (key: 'penalty' | 'fee') =>
    f.dates.map((d) => ({
      value: chartNumber(d.accrual[side][key]),
      amount: d.accrual[side][key],
    }));
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: [t('forecast.penalty'), t('forecast.fee')] },
    grid: { left: 64, right: 16, top: 40, bottom: 32 },
    xAxis: {
      type: 'category',
      data: f.dates.map((d) =>
        d.accrual.accrued ? `${d.date} (${t('forecast.accrued')})` : d.date,
      ),
    },
    yAxis: { type: 'value', axisLabel: { formatter: compactYuan(locale) } },
    series: [
      { name: t('forecast.penalty'), type: 'bar', stack: 'accrual', data: part('penalty') },
      { name: t('forecast.fee'), type: 'bar', stack: 'accrual', data: part('fee') },
    ],
  };
}

/** The href a clicked bar carries, if any. */
export function hrefOf(params: unknown): string | null {
  const data = (params as { data?: { href?: string } } | null)?.data;
  return data?.href ?? null;
}
