'use client';
// The home page's charts: what falls due in the next 7 days (bars), the book by business line
// (a ring). Tooltips show the exact amounts; the bars and slices need numbers.
import { useMemo } from 'react';
import type { EChartOption } from '@/components/echart';
import { enumLabel, useI18n, useT } from '@/i18n';
import { formatCount, formatYuan } from '@/lib/format';
import type { RouterOutputs } from '@/lib/trpc';

type Summary = RouterOutputs['dashboard']['summary'];

/** echarts needs numbers for bar heights and slices; every number shown stays the exact string. */
const chartNumber = (yuanString: string) => Number(yuanString);

/** The same hues as the business-line tags. */
const lineColours: Record<string, string> = {
  lease: '#2f54eb',
  consumer: '#13c2c2',
  supply_chain: '#722ed1',
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface TooltipParam {
  dataIndex: number;
  marker?: string;
  percent?: number;
}

export function useDueChart(summary: Summary | undefined) {
  const { t, locale } = useI18n();
  return useMemo<EChartOption>(() => {
    const days = summary?.dueNext7Days ?? [];
    const compact = new Intl.NumberFormat(locale === 'en' ? 'en' : 'zh-CN', {
      notation: 'compact',
      maximumFractionDigits: 1,
    });
    return {
      tooltip: {
        trigger: 'axis',
        formatter: (params: TooltipParam[]) => {
          const day = days[params[0]?.dataIndex ?? -1];
          if (!day) return '';
          return `${escapeHtml(day.date)}<br/>${escapeHtml(t('home.amount'))}: ${escapeHtml(formatYuan(day.amount))}<br/>${escapeHtml(t('home.count'))}: ${formatCount(day.count)}`;
        },
      },
      grid: { left: 64, right: 16, top: 24, bottom: 32 },
      xAxis: { type: 'category', data: days.map((d) => d.date.slice(5)) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => `¥${compact.format(v)}` } },
      series: [
        {
          type: 'bar',
          name: t('home.amount'),
          data: days.map((d) => chartNumber(d.amount)),
          itemStyle: { color: '#1677ff' },
          barMaxWidth: 48,
        },
      ],
    };
  }, [summary, t, locale]);
}

export function useLineChart(summary: Summary | undefined) {
  const t = useT();
  return useMemo<EChartOption>(() => {
    const lines = summary?.byBusinessLine ?? [];
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: TooltipParam) => {
          const line = lines[p.dataIndex];
          if (!line) return '';
          return `${escapeHtml(enumLabel(t, 'businessLine', line.businessLine))} (${p.percent ?? 0}%)<br/>${escapeHtml(t('home.outstanding'))}: ${escapeHtml(formatYuan(line.outstandingPrincipal))}<br/>${escapeHtml(t('home.activeLoans'))}: ${formatCount(line.loans)}`;
        },
      },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['38%', '62%'],
          center: ['50%', '45%'],
          label: { formatter: '{d}%', overflow: 'none' },
          data: lines.map((b) => ({
            name: enumLabel(t, 'businessLine', b.businessLine),
            value: chartNumber(b.outstandingPrincipal),
            itemStyle: { color: lineColours[b.businessLine] },
          })),
        },
      ],
    };
  }, [summary, t]);
}
