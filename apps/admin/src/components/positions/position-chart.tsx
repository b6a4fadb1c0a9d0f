'use client';
// Usable and balance of each account over the last 7 or 30 days, from its movements (a step
// line: a position changes only when something moves it).
import { useQuery } from '@tanstack/react-query';
import { Segmented } from 'antd';
import { useMemo, useState } from 'react';
import { EChart, type EChartOption } from '@/components/echart';
import { TitledCard } from '@/components/kit';
import { useT } from '@/i18n';
import { shanghaiTime, yuan } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';
import { positionSeries } from './position-series';

export function PositionChart() {
  const t = useT();
  const trpc = useTRPC();
  const [days, setDays] = useState(7);
  const movements = useQuery(trpc.payouts.movements.queryOptions({ days, limit: 1000 }));
  const option = useMemo<EChartOption>(() => {
    const series = positionSeries(movements.data?.items ?? []);
    const line = (name: string, data: [string, number][], dashed: boolean) => ({
      name,
      type: 'line',
      step: 'end',
      // One movement is one point: drawn, or the account would not show at all.
      showSymbol: data.length === 1,
      lineStyle: dashed ? { type: 'dashed' } : undefined,
      data,
    });
    return {
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: number) => yuan(v.toFixed(2)),
      },
      legend: { bottom: 0 },
      grid: { left: 72, right: 16, top: 24, bottom: 56 },
      xAxis: {
        type: 'time',
        axisLabel: {
          formatter: (v: number) => shanghaiTime(new Date(v).toISOString()).slice(5, 16),
        },
      },
      yAxis: { type: 'value' },
      series: series.flatMap((s) => [
        line(`${s.channelCode} ${t('positions.usable')}`, s.usable, false),
        line(`${s.channelCode} ${t('positions.balance')}`, s.balance, true),
      ]),
    };
  }, [movements.data, t]);
  return (
    <TitledCard
      level={2}
      heading={t('positions.chart')}
      loading={movements.isLoading}
      extra={
        <Segmented<number>
          value={days}
          onChange={setDays}
          options={[7, 30].map((d) => ({ value: d, label: t('positions.days', { days: d }) }))}
        />
      }
    >
      <EChart option={option} label={t('positions.chart')} />
    </TitledCard>
  );
}
