// What the reports' charts share: numbers for echarts (every figure shown stays the engine's
// exact string), rates as percentages, compact yuan on axes, safe tooltips, and the drill-down
// each bar, point or slice carries (echarts hands a clicked item's data back as it was given).
import type { Locale, Translate } from '@/i18n';
import { formatYuan } from '@/lib/format';
import type { Drill } from './report-filters';

/** echarts needs numbers for bar heights and slices; every number shown stays the exact string. */
export const chartNumber = (yuan: string) => Number(yuan);

/** A rate (0–1) as a percentage with one decimal, for a chart; null stays a gap. */
export const percentOf = (rate: number | null) =>
  rate === null ? null : Math.round(rate * 1000) / 10;

/** A rate (0–1) for people: "97.5%", "—" without one. */
export const formatRate = (rate: number | null) =>
  rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** ¥1.2万 / ¥12K on an axis. */
export function compactYuan(locale: Locale) {
  const compact = new Intl.NumberFormat(locale === 'en' ? 'en' : 'zh-CN', {
    notation: 'compact',
    maximumFractionDigits: 1,
  });
  return (v: number) => `¥${compact.format(v)}`;
}

/** A tooltip line: label and value, escaped. */
export const tipLine = (label: string, value: string, marker = '') =>
  `${marker}${escapeHtml(label)}: ${escapeHtml(value)}`;

export const yuanText = (yuan: string) => formatYuan(yuan);

/** A chart item with what a click on it opens (none: nothing to open). */
export interface Item {
  value: number | null;
  name?: string;
  drill?: Drill;
  itemStyle?: { color: string };
}

/** The drill-down a clicked item carries, if any (echarts' click parameters). */
export function drillOf(params: unknown): Drill | null {
  const data = (params as { data?: { drill?: Drill } } | null)?.data;
  return data?.drill ?? null;
}

export const OUTCOME_COLOURS: Record<string, string> = {
  success: '#52c41a',
  fail_funds: '#fa8c16',
  fail_card: '#f5222d',
  fail_request: '#722ed1',
  fail_other: '#8c8c8c',
  in_flight: '#1677ff',
  reversed: '#eb2f96',
};

export const SERIES_COLOURS = {
  asked: '#91caff',
  collected: '#52c41a',
  rate: '#fa8c16',
  cost: '#eb2f96',
};

/** One colour per channel, in the order they are listed. */
export const CHANNEL_PALETTE = ['#1677ff', '#13c2c2', '#722ed1', '#fa8c16', '#eb2f96', '#52c41a'];

export type { Translate };
