// The risk (风险) and money (资金) dashboards' charts, as pure builders of echarts options, and
// their filters in the address. Every bar, point or slice carries the address of the list a
// click opens (the loans, the overdue loans of a bucket, the debit orders); tooltips show the
// engine's exact amounts.
import type { EChartOption } from '@/components/echart';
import type { Locale, Translate } from '@/i18n';
import { formatCount } from '@/lib/format';
import type { RouterInputs, RouterOutputs } from '@/lib/trpc';
import {
  CHANNEL_PALETTE,
  chartNumber,
  compactYuan,
  escapeHtml,
  formatRate,
  percentOf,
  SERIES_COLOURS,
  tipLine,
  yuanText,
} from './chart-kit';
import { searchOf } from './report-filters';

export type Risk = RouterOutputs['reports']['risk'];
export type Money = RouterOutputs['reports']['money'];
export type RiskFilters = RouterInputs['reports']['risk'];
export type MoneyFilters = RouterInputs['reports']['money'];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const LINES = ['lease', 'consumer', 'supply_chain'] as const;

const text = (search: URLSearchParams, key: string) => {
  const value = search.get(key)?.trim();
  return value ? value.slice(0, 40) : undefined;
};
const dateOf = (search: URLSearchParams, key: string) => {
  const value = search.get(key);
  return value && DATE.test(value) ? value : undefined;
};
function compact<T extends object>(values: T): T {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as T;
}

/** The risk dashboard's filters from the address; anything malformed is left out. */
export function riskFiltersOf(search: URLSearchParams): RiskFilters {
  const line = search.get('businessLine');
  return compact({
    from: dateOf(search, 'from'),
    to: dateOf(search, 'to'),
    funderCode: text(search, 'funderCode'),
    productCode: text(search, 'productCode'),
    businessLine: LINES.find((l) => l === line),
  });
}

export function moneyFiltersOf(search: URLSearchParams): MoneyFilters {
  return compact({
    from: dateOf(search, 'from'),
    to: dateOf(search, 'to'),
    funderCode: text(search, 'funderCode'),
  });
}

/** What a click opens: the address of a list. */
export interface Linked {
  value: number | null;
  href?: string;
  itemStyle?: { color: string };
}

/** The address a clicked item carries, if any (echarts' click parameters). */
export function hrefOf(params: unknown): string | null {
  const data = (params as { data?: { href?: string } } | null)?.data;
  return data?.href ?? null;
}

type Scope = Omit<RiskFilters, 'from' | 'to'>;

/** The loans list (贷款) with the dashboard's scope and whether overdue or current. */
export const loansHref = (scope: Scope, delinquency: 'overdue' | 'current') =>
  `/loans?${searchOf({ ...scope, delinquency, status: 'active' })}`;

/** The overdue page's loans of a bucket (M0: the current loans in the loans list). */
export const bucketHref = (scope: Scope, bucket: string) =>
  bucket === 'M0' ? loansHref(scope, 'current') : `/overdue?${searchOf({ bucket })}`;

/** A funder's successful debit orders of a date (代扣 → 扣款订单). */
export const collectionsHref = (funderCode: string, date: string) =>
  `/debits?${searchOf({ tab: 'orders', dateFrom: date, dateTo: date, funderCode, outcome: 'success' })}`;

export const BUCKET_COLOURS: Record<string, string> = {
  M0: '#95de64',
  M1: '#ffd666',
  M2: '#ffa940',
  M3: '#ff7a45',
  'M3+': '#cf1322',
};

interface AxisParam {
  dataIndex: number;
}

/** 逾期走势: overdue principal (bars) and the overdue rate and M1+ rate (lines) per date. */
export function overdueTrendOption(
  risk: Risk,
  scope: Scope,
  t: Translate,
  locale: Locale,
): EChartOption {
  const days = risk.days;
  const link = (value: number | null): Linked => ({ value, href: loansHref(scope, 'overdue') });
  return {
    tooltip: {
      trigger: 'axis',
      formatter: (params: AxisParam[]) => {
        const d = days[params[0]?.dataIndex ?? -1];
        if (!d) return '';
        return [
          escapeHtml(d.date),
          tipLine(t('risk.outstanding'), yuanText(d.outstandingPrincipal)),
          tipLine(t('risk.overduePrincipal'), yuanText(d.overduePrincipal)),
          tipLine(t('risk.overdueAmount'), yuanText(d.overdueAmount)),
          tipLine(t('risk.overdueRate'), formatRate(d.overdueRate)),
          tipLine(t('risk.delinquentRate'), formatRate(d.delinquentRate)),
        ].join('<br/>');
      },
    },
    legend: { bottom: 0 },
    grid: { left: 64, right: 48, top: 24, bottom: 56 },
    xAxis: { type: 'category', data: days.map((d) => d.date.slice(5)) },
    yAxis: [
      { type: 'value', axisLabel: { formatter: compactYuan(locale) } },
      { type: 'value', min: 0, axisLabel: { formatter: '{value}%' } },
    ],
    series: [
      {
        type: 'bar',
        name: t('risk.overduePrincipal'),
        barMaxWidth: 28,
        itemStyle: { color: SERIES_COLOURS.asked },
        data: days.map((d) => link(chartNumber(d.overduePrincipal))),
      },
      {
        type: 'line',
        name: t('risk.overdueRate'),
        yAxisIndex: 1,
        itemStyle: { color: SERIES_COLOURS.rate },
        data: days.map((d) => link(percentOf(d.overdueRate))),
      },
      {
        type: 'line',
        name: t('risk.delinquentRate'),
        yAxisIndex: 1,
        itemStyle: { color: SERIES_COLOURS.cost },
        data: days.map((d) => link(percentOf(d.delinquentRate))),
      },
    ],
  };
}

/** 账龄分布: principal outstanding per delinquent bucket per date, stacked. */
export function bucketsOption(
  risk: Risk,
  scope: Scope,
  t: Translate,
  locale: Locale,
): EChartOption {
  const days = risk.days;
  const buckets = (days[0]?.buckets ?? []).map((b) => b.bucket).filter((b) => b !== 'M0');
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: AxisParam[]) => {
        const d = days[params[0]?.dataIndex ?? -1];
        if (!d) return '';
        return [
          escapeHtml(d.date),
          ...d.buckets
            .filter((b) => b.bucket !== 'M0')
            .map((b) =>
              tipLine(b.bucket, `${yuanText(b.outstandingPrincipal)}（${formatCount(b.loans)}）`),
            ),
        ].join('<br/>');
      },
    },
    legend: { bottom: 0 },
    grid: { left: 64, right: 24, top: 24, bottom: 56 },
    xAxis: { type: 'category', data: days.map((d) => d.date.slice(5)) },
    yAxis: { type: 'value', axisLabel: { formatter: compactYuan(locale) } },
    series: buckets.map((bucket) => ({
      type: 'bar',
      name: bucket,
      stack: 'buckets',
      barMaxWidth: 28,
      itemStyle: { color: BUCKET_COLOURS[bucket] },
      data: days.map((d): Linked => ({
        value: chartNumber(d.buckets.find((b) => b.bucket === bucket)?.outstandingPrincipal ?? '0'),
        href: bucketHref(scope, bucket),
      })),
    })),
  };
}

/** 迁徙率: per month end, each bucket's roll into the next. */
export function rollRatesOption(risk: Risk, scope: Scope): EChartOption {
  const months = risk.rollRates;
  const pairs = (months[0]?.rates ?? []).map((r) => `${r.from}→${r.to}`);
  return {
    tooltip: {
      trigger: 'axis',
      formatter: (params: AxisParam[]) => {
        const m = months[params[0]?.dataIndex ?? -1];
        if (!m) return '';
        return [
          escapeHtml(`${m.from} → ${m.monthEnd}`),
          ...m.rates.map((r) =>
            tipLine(
              `${r.from}→${r.to}`,
              `${formatRate(r.rate)}（${formatCount(r.loans)} / ${r.of === null ? '—' : formatCount(r.of)}）`,
            ),
          ),
        ].join('<br/>');
      },
    },
    legend: { bottom: 0 },
    grid: { left: 48, right: 24, top: 24, bottom: 56 },
    xAxis: { type: 'category', data: months.map((m) => m.monthEnd.slice(0, 7)) },
    yAxis: { type: 'value', min: 0, axisLabel: { formatter: '{value}%' } },
    series: pairs.map((name, i) => ({
      type: 'line',
      name,
      itemStyle: { color: CHANNEL_PALETTE[i % CHANNEL_PALETTE.length] },
      data: months.map((m): Linked => ({
        value: percentOf(m.rates[i]?.rate ?? null),
        href: bucketHref(scope, m.rates[i]?.to ?? 'M1'),
      })),
    })),
  };
}

/** 账龄曲线 (vintage): each start month's 30+ rate by months on book. */
export function vintageOption(risk: Risk, scope: Scope, t: Translate): EChartOption {
  const maxMob = Math.max(0, ...risk.vintages.flatMap((v) => v.points.map((p) => p.monthsOnBook)));
  const mobs = Array.from({ length: maxMob + 1 }, (_, i) => i);
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { seriesIndex: number; dataIndex: number }) => {
        const v = risk.vintages[p.seriesIndex];
        const point = v?.points.find((x) => x.monthsOnBook === mobs[p.dataIndex]);
        if (!v || !point) return '';
        return [
          escapeHtml(`${v.cohort} · MOB ${point.monthsOnBook}`),
          tipLine(t('risk.cohortPrincipal'), yuanText(v.bookedPrincipal)),
          tipLine(t('risk.thirtyPlus'), yuanText(point.thirtyPlusPrincipal)),
          tipLine(t('risk.vintageRate'), formatRate(point.rate)),
        ].join('<br/>');
      },
    },
    legend: { bottom: 0, type: 'scroll' },
    grid: { left: 48, right: 24, top: 24, bottom: 56 },
    xAxis: { type: 'category', name: 'MOB', data: mobs.map(String) },
    yAxis: { type: 'value', min: 0, axisLabel: { formatter: '{value}%' } },
    series: risk.vintages.map((v, i) => ({
      type: 'line',
      name: v.cohort,
      itemStyle: { color: CHANNEL_PALETTE[i % CHANNEL_PALETTE.length] },
      data: mobs.map((mob): Linked => {
        const point = v.points.find((p) => p.monthsOnBook === mob);
        return { value: point ? percentOf(point.rate) : null, href: loansHref(scope, 'overdue') };
      }),
    })),
  };
}

/** 回款 per funder per date (stacked), each bar opening that funder's debit orders of the date. */
export function collectionsByFunderOption(money: Money, locale: Locale): EChartOption {
  const dates = [...new Set(money.days.map((d) => d.date))];
  const codes = money.funders.map((f) => f.funderCode);
  const cell = (date: string, code: string) =>
    money.days.find((d) => d.date === date && d.funderCode === code);
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: AxisParam[]) => {
        const date = dates[params[0]?.dataIndex ?? -1];
        if (!date) return '';
        return [
          escapeHtml(date),
          ...codes.map((c) => tipLine(c, yuanText(cell(date, c)?.collected ?? '0.00'))),
        ].join('<br/>');
      },
    },
    legend: { bottom: 0 },
    grid: { left: 64, right: 24, top: 24, bottom: 56 },
    xAxis: { type: 'category', data: dates.map((d) => d.slice(5)) },
    yAxis: { type: 'value', axisLabel: { formatter: compactYuan(locale) } },
    series: codes.map((code, i) => ({
      type: 'bar',
      name: code,
      stack: 'collected',
      barMaxWidth: 28,
      itemStyle: { color: CHANNEL_PALETTE[i % CHANNEL_PALETTE.length] },
      data: dates.map((date): Linked => ({
        value: chartNumber(cell(date, code)?.collected ?? '0'),
        href: collectionsHref(code, date),
      })),
    })),
  };
}

/** Per funder: charges accrued and collected, waived, refunded, remitted (bars side by side). */
export function fundsFlowOption(money: Money, t: Translate, locale: Locale): EChartOption {
  const measures = [
    ['accruedCharges', SERIES_COLOURS.rate],
    ['chargesCollected', SERIES_COLOURS.collected],
    ['waived', '#8c8c8c'],
    ['refunded', SERIES_COLOURS.cost],
    ['remittedNet', SERIES_COLOURS.asked],
  ] as const;
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0 },
    grid: { left: 64, right: 24, top: 24, bottom: 56 },
    xAxis: { type: 'category', data: money.funders.map((f) => f.funderCode) },
    yAxis: { type: 'value', axisLabel: { formatter: compactYuan(locale) } },
    series: measures.map(([m, colour]) => ({
      type: 'bar',
      name: t(`money.${m}`),
      barMaxWidth: 24,
      itemStyle: { color: colour },
      data: money.funders.map((f): Linked => ({ value: chartNumber(f[m]) })),
    })),
  };
}
