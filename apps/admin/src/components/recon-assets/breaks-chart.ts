'use client';
// Breaks per funder as stacked bars, one colour per check (the run's funders with a break).
import { useMemo } from 'react';
import { ASSET_RECON_CHECKS } from '@repay/rules/vocabulary';
import type { EChartOption } from '@/components/echart';
import { enumLabel, useT } from '@/i18n';
import type { RouterOutputs } from '@/lib/trpc';

type FunderBreaks = RouterOutputs['reconAssets']['funders']['funders'][number];

const colours: Record<(typeof ASSET_RECON_CHECKS)[number], string> = {
  outstanding_principal: '#cf1322',
  principal: '#fa8c16',
  interest: '#1677ff',
  fee: '#13c2c2',
  penalty: '#722ed1',
  funder_collections: '#faad14',
};

export function useBreaksChart(funders: FunderBreaks[] | undefined): EChartOption {
  const t = useT();
  return useMemo<EChartOption>(() => {
    const list = funders ?? [];
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { bottom: 0 },
      grid: { left: 48, right: 16, top: 24, bottom: 56 },
      xAxis: { type: 'category', data: list.map((f) => `${f.funderName} (${f.funderCode})`) },
      yAxis: { type: 'value', minInterval: 1 },
      series: ASSET_RECON_CHECKS.map((check) => ({
        name: enumLabel(t, 'assetCheck', check),
        type: 'bar',
        stack: 'breaks',
        barMaxWidth: 48,
        itemStyle: { color: colours[check] },
        emphasis: { focus: 'series' },
        data: list.map((f) => f.perCheck[check] ?? 0),
      })),
    };
  }, [funders, t]);
}
