'use client';
// One channel's health over time: success rate and average latency per minute, with errors
// as bars; the circuit breaker's state and, for ops, the button that closes it by hand.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Empty, Popconfirm, Segmented, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { EChart, type EChartOption } from '@/components/echart';
import { StatusBadge } from '@/components/status';
import { useT } from '@/i18n';
import { handleError } from '@/lib/errors';
import { shanghaiTime } from '@/lib/format';
import { useCan } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';

import type { Channel } from './channel-columns';
const RANGES = [30, 120, 720, 1440] as const;

const hhmm = (iso: string) => shanghaiTime(iso).slice(11, 16);

export function ChannelHealthDrawer({
  channel,
  onClose,
}: {
  channel: Channel | null;
  onClose: () => void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const canWrite = useCan('channels.write');
  const [minutes, setMinutes] = useState<(typeof RANGES)[number]>(120);
  const series = useQuery({
    ...trpc.channels.health.queryOptions({ code: channel?.code ?? '', minutes }),
    enabled: channel !== null,
    refetchInterval: 10_000,
  });
  const reset = useMutation(
    trpc.channels.resetCircuit.mutationOptions({ meta: { handlesErrors: true } }),
  );

  const option = useMemo<EChartOption>(() => {
    const points = series.data ?? [];
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 48, right: 56, top: 24, bottom: 48 },
      xAxis: { type: 'category', data: points.map((p) => hhmm(p.minute)) },
      yAxis: [
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        { type: 'value', name: 'ms', position: 'right' },
      ],
      series: [
        {
          name: t('channels.successRate'),
          type: 'line',
          smooth: true,
          connectNulls: false,
          data: points.map((p) =>
            p.successRate === null ? null : Math.round(p.successRate * 1000) / 10,
          ),
        },
        {
          name: t('channels.avgLatency'),
          type: 'line',
          yAxisIndex: 1,
          data: points.map((p) => p.avgLatencyMs),
        },
        {
          name: t('channels.errors'),
          type: 'bar',
          yAxisIndex: 1,
          itemStyle: { color: '#ff4d4f' },
          data: points.map((p) => p.errors),
        },
      ],
    };
  }, [series.data, t]);

  const close = async () => {
    if (!channel) return;
    try {
      await reset.mutateAsync({ code: channel.code, reason: t('channels.resetConfirm') });
      await queryClient.invalidateQueries({ queryKey: trpc.channels.list.queryKey() });
      void message.success(t('common.saved'));
      onClose();
    } catch (error) {
      handleError(error);
    }
  };

  return (
    <Drawer
      open={channel !== null}
      onClose={onClose}
      size={760}
      title={channel ? t('channels.healthTitle', { code: channel.code }) : ''}
      destroyOnHidden
    >
      {channel && (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <Space wrap>
            <StatusBadge group="circuit" value={channel.circuit.state} />
            {channel.circuit.changedAt && (
              <Typography.Text type="secondary">
                {t('channels.circuitSince', { time: shanghaiTime(channel.circuit.changedAt) })}
              </Typography.Text>
            )}
            {channel.circuit.reason && (
              <Typography.Text code>{channel.circuit.reason}</Typography.Text>
            )}
            {canWrite && channel.circuit.state !== 'closed' && (
              <Popconfirm title={t('channels.resetConfirm')} onConfirm={() => void close()}>
                <Button size="small" danger loading={reset.isPending}>
                  {t('channels.resetCircuit')}
                </Button>
              </Popconfirm>
            )}
          </Space>
          <Segmented
            value={minutes}
            onChange={(v) => setMinutes(v)}
            options={RANGES.map((r) => ({ value: r, label: t(`channels.range${r}`) }))}
          />
          {series.data && series.data.length === 0 ? (
            <Empty description={t('channels.noTraffic')} />
          ) : (
            <EChart
              option={option}
              height={320}
              label={t('channels.healthTitle', { code: channel.code })}
            />
          )}
          <Alert type="info" showIcon title={t('channels.rateNote')} />
        </Space>
      )}
    </Drawer>
  );
}
