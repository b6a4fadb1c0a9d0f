'use client';
// Outcomes per business date as stacked bars: the latest run of each channel's day, added up
// over the channels shown (oldest day on the left). Days not reconciled yet add nothing.
import { useMemo } from 'react';
import type { EChartOption } from '@/components/echart';
import { enumLabel, useT } from '@/i18n';
import { OUTCOMES, outcomeColours, type Day } from './day-columns';

export function useOutcomeChart(days: Day[] | undefined): EChartOption {
  const t = useT();
  return useMemo<EChartOption>(() => {
    const dates = [...new Set((days ?? []).map((d) => d.businessDate))].sort();
    const totals = new Map(dates.map((d) => [d, Object.fromEntries(OUTCOMES.map((o) => [o, 0]))]));
    for (const d of days ?? []) {
      if (!d.run) continue;
      const sums = totals.get(d.businessDate)!;
      for (const o of OUTCOMES) sums[o]! += d.run.counts[o];
    }
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { bottom: 0 },
      grid: { left: 48, right: 16, top: 24, bottom: 56 },
      xAxis: { type: 'category', data: dates },
      yAxis: { type: 'value', minInterval: 1 },
      series: OUTCOMES.map((o) => ({
        name: enumLabel(t, 'reconOutcome', o),
        type: 'bar',
        stack: 'outcomes',
        barMaxWidth: 48,
        itemStyle: { color: outcomeColours[o] },
        emphasis: { focus: 'series' },
        data: dates.map((d) => totals.get(d)![o]),
      })),
    };
  }, [days, t]);
}
