// The channels dashboard's charts (通道), as pure builders of echarts options: each channel's
// success rate (as routing counts it) and latency per day as lines, the circuit breaker's moves
// marked on the rate chart, and the amount each debited per day (stacked) with the fees.
import type { EChartOption } from '@/components/echart';
import { enumLabel, type Locale, type Translate } from '@/i18n';
import { formatCount, shanghaiTime, sumYuan } from '@/lib/format';
import type { RouterOutputs } from '@/lib/trpc';
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
  type Item,
} from './chart-kit';

export type Channels = RouterOutputs['reports']['channels'];
type Day = Channels['days'][number];

interface AxisParam {
  dataIndex: number;
  seriesIndex: number;
  marker?: string;
}

const dates = (data: Channels) => [...new Set(data.days.map((d) => d.date))].sort();
const colourOf = (data: Channels, channel: string) =>
  CHANNEL_PALETTE[data.channels.findIndex((c) => c.channel === channel) % CHANNEL_PALETTE.length]!;

/** Each channel's figures per date, in the dates' order. */
function perChannel(data: Channels) {
  const axis = dates(data);
  const byKey = new Map(data.days.map((d) => [`${d.date}|${d.channel}`, d]));
  return {
    axis,
    series: data.channels.map((c) => ({
      channel: c.channel,
      days: axis.map((date) => byKey.get(`${date}|${c.channel}`) ?? null),
    })),
  };
}

/**
 * A line per channel of one of its daily figures (a day without answers is a gap); a click on a
 * point opens that channel's orders of that day.
 */
function trend(
  data: Channels,
  value: (d: Day) => number | null,
  shown: (d: Day) => string,
  axisLabel: string | ((v: number) => string),
  extra?: (channel: string, axis: string[]) => Record<string, unknown>,
): EChartOption {
  const { axis, series } = perChannel(data);
  return {
    tooltip: {
      trigger: 'axis',
      formatter: (params: AxisParam[]) => {
        const i = params[0]?.dataIndex ?? -1;
        if (i < 0) return '';
        return [
          escapeHtml(axis[i] ?? ''),
          ...params.map((p) => {
            const day = series[p.seriesIndex]?.days[i];
            return tipLine(series[p.seriesIndex]?.channel ?? '', day ? shown(day) : '—', p.marker);
          }),
        ].join('<br/>');
      },
    },
    legend: { bottom: 0, type: 'scroll' },
    grid: { left: 56, right: 24, top: 32, bottom: 56 },
    xAxis: { type: 'category', data: axis.map((d) => d.slice(5)) },
    yAxis: { type: 'value', axisLabel: { formatter: axisLabel } },
    series: series.map((s) => ({
      type: 'line',
      name: s.channel,
      connectNulls: false,
      showSymbol: axis.length <= 62,
      itemStyle: { color: colourOf(data, s.channel) },
      data: s.days.map((d, i): Item => ({
        value: d ? value(d) : null,
        drill: { channel: s.channel, businessDate: axis[i]! },
      })),
      ...extra?.(s.channel, axis),
    })),
  };
}

/** Where the circuit of a channel moved, as vertical marks on its line (the day, the new state). */
function circuitMarks(data: Channels, t: Translate) {
  return (channel: string, axis: string[]) => {
    const marks = data.circuitEvents
      .filter((e) => e.channel === channel)
      .map((e) => ({ day: shanghaiTime(e.at).slice(0, 10), event: e }))
      .filter((m) => axis.includes(m.day));
    if (marks.length === 0) return {};
    return {
      markLine: {
        symbol: 'none',
        silent: true,
        lineStyle: { type: 'dashed' },
        label: { formatter: '{b}', position: 'insideEndTop' },
        data: marks.map((m) => ({
          xAxis: m.day.slice(5),
          name: `${channel} ${enumLabel(t, 'circuit', m.event.to ?? '')}`,
          lineStyle: { color: m.event.to === 'open' ? '#f5222d' : '#52c41a' },
        })),
      },
    };
  };
}

/** 成功率走势: each channel's success rate per day, in %, with its circuit's moves marked. */
export function rateTrendOption(data: Channels, t: Translate): EChartOption {
  const option = trend(
    data,
    (d) => percentOf(d.successRate),
    (d) => `${formatRate(d.successRate)}（${formatCount(d.attempts)}）`,
    '{value}%',
    circuitMarks(data, t),
  );
  return {
    ...option,
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
  };
}

/** 平均耗时走势: each channel's average answer time per day, in milliseconds. */
export function latencyTrendOption(data: Channels, t: Translate): EChartOption {
  return trend(
    data,
    (d) => d.avgLatencyMs,
    (d) =>
      d.avgLatencyMs === null
        ? '—'
        : `${t('reports.ms', { ms: d.avgLatencyMs })}（${t('reports.maxLatency')} ${d.maxLatencyMs ?? '—'}）`,
    '{value}',
  );
}

/** 扣款金额与费用: the amount each channel debited per day, stacked, and the day's fees. */
export function volumeOption(data: Channels, t: Translate, locale: Locale): EChartOption {
  const { axis, series } = perChannel(data);
  const feeOf = (i: number) => chartNumber(sumYuan(series.map((s) => s.days[i]?.cost ?? '0')));
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: AxisParam[]) => {
        const i = params[0]?.dataIndex ?? -1;
        if (i < 0) return '';
        return [
          escapeHtml(axis[i] ?? ''),
          ...series.map((s) => {
            const d = s.days[i];
            return tipLine(
              s.channel,
              d ? `${yuanText(d.amount)} · ${t('reports.cost')} ${yuanText(d.cost)}` : '—',
            );
          }),
        ].join('<br/>');
      },
    },
    legend: { bottom: 0, type: 'scroll' },
    grid: { left: 64, right: 64, top: 24, bottom: 56 },
    xAxis: { type: 'category', data: axis.map((d) => d.slice(5)) },
    yAxis: [
      { type: 'value', axisLabel: { formatter: compactYuan(locale) } },
      { type: 'value', axisLabel: { formatter: compactYuan(locale) } },
    ],
    series: [
      ...series.map((s) => ({
        type: 'bar',
        stack: 'amount',
        name: s.channel,
        barMaxWidth: 32,
        itemStyle: { color: colourOf(data, s.channel) },
        data: s.days.map((d, i): Item => ({
          value: d ? chartNumber(d.amount) : 0,
          drill: { channel: s.channel, businessDate: axis[i]! },
        })),
      })),
      {
        type: 'line',
        name: t('reports.cost'),
        yAxisIndex: 1,
        itemStyle: { color: SERIES_COLOURS.cost },
        data: axis.map((_, i) => feeOf(i)),
      },
    ],
  };
}

export type ChannelHours = RouterOutputs['reports']['channelHours'];

/** The 24 hours of a date as the axis shows them. */
export const HOURS = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`);

/**
 * 分时: each channel's success rate per hour of one date (lines, left axis) over its attempts
 * (bars, right axis), the circuit's moves marked at their hour; a click opens that channel's
 * orders of the date.
 */
export function hourlyOption(data: ChannelHours, t: Translate): EChartOption {
  const colour = (channel: string) =>
    CHANNEL_PALETTE[data.channels.indexOf(channel) % CHANNEL_PALETTE.length]!;
  const cell = new Map(data.hours.map((h) => [`${h.hour}|${h.channel}`, h]));
  const at = (channel: string) => HOURS.map((_, hour) => cell.get(`${hour}|${channel}`) ?? null);
  const marks = (channel: string) => {
    const moves = data.circuitEvents.filter((e) => e.channel === channel);
    if (moves.length === 0) return {};
    return {
      markLine: {
        symbol: 'none',
        silent: true,
        lineStyle: { type: 'dashed' },
        label: { formatter: '{b}', position: 'insideEndTop' },
        data: moves.map((e) => ({
          xAxis: HOURS[Number(shanghaiTime(e.at).slice(11, 13))],
          name: `${channel} ${enumLabel(t, 'circuit', e.to ?? '')}`,
          lineStyle: { color: e.to === 'open' ? '#f5222d' : '#52c41a' },
        })),
      },
    };
  };
  const drill = (channel: string): Item['drill'] => ({ channel, businessDate: data.date });
  return {
    tooltip: {
      trigger: 'axis',
      formatter: (params: (AxisParam & { seriesName?: string })[]) => {
        const i = params[0]?.dataIndex ?? -1;
        if (i < 0) return '';
        return [
          escapeHtml(`${data.date} ${HOURS[i]}`),
          ...data.channels.map((c) => {
            const h = cell.get(`${i}|${c}`);
            return tipLine(
              c,
              h
                ? `${formatRate(h.successRate)} · ${t('reports.attemptsCount')} ${formatCount(h.attempts)} · ${t('reports.ms', { ms: h.avgLatencyMs ?? '—' })}`
                : '—',
            );
          }),
        ].join('<br/>');
      },
    },
    legend: { bottom: 0, type: 'scroll' },
    grid: { left: 56, right: 56, top: 32, bottom: 56 },
    xAxis: { type: 'category', data: HOURS },
    yAxis: [
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      { type: 'value', axisLabel: { formatter: '{value}' } },
    ],
    series: [
      ...data.channels.map((c) => ({
        type: 'bar',
        name: `${c} · ${t('reports.attemptsCount')}`,
        yAxisIndex: 1,
        stack: 'attempts',
        barMaxWidth: 16,
        itemStyle: { color: colour(c), opacity: 0.25 },
        data: at(c).map((h): Item => ({ value: h?.attempts ?? 0, drill: drill(c) })),
      })),
      ...data.channels.map((c) => ({
        type: 'line',
        name: c,
        connectNulls: false,
        itemStyle: { color: colour(c) },
        data: at(c).map((h): Item => ({
          value: h ? percentOf(h.successRate) : null,
          drill: drill(c),
        })),
        ...marks(c),
      })),
    ],
  };
}
