'use client';
// 分时走势: one date's hours per channel (a peak or an outage inside a day shows here, where the
// daily figures average it away). The date defaults to the dashboard's last; the channel and
// bank are the dashboard's.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, DatePicker, Empty, Skeleton } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { EChart } from '@/components/echart';
import { useT } from '@/i18n';
import { useTRPC } from '@/lib/trpc';
import { hourlyOption } from './channels-charts';

export function ChannelHoursCard(props: {
  defaultDate: string;
  today: string;
  channel?: string;
  bank?: string;
  onDrill: (params: unknown) => void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const [picked, setPicked] = useState<string | null>(null);
  const date = picked ?? props.defaultDate;
  const hours = useQuery({
    ...trpc.reports.channelHours.queryOptions({
      date,
      ...(props.channel ? { channel: props.channel } : {}),
      ...(props.bank ? { bank: props.bank } : {}),
    }),
    placeholderData: keepPreviousData,
    // Today's hours fill in as the windows run.
    refetchInterval: date === props.today ? 60_000 : false,
  });
  const option = useMemo(() => (hours.data ? hourlyOption(hours.data, t) : null), [hours.data, t]);

  return (
    <Card
      title={<h2 className="page-title">{t('reports.channelHours')}</h2>}
      extra={
        <DatePicker
          aria-label={t('reports.channelHoursDate')}
          allowClear={false}
          value={dayjs(date)}
          disabledDate={(d) => d.format('YYYY-MM-DD') > props.today}
          onChange={(d) => d && setPicked(d.format('YYYY-MM-DD'))}
        />
      }
    >
      {!option || !hours.data ? (
        <Skeleton active />
      ) : hours.data.channels.length === 0 ? (
        <Empty description={t('reports.channelHoursNone', { date })} />
      ) : (
        <EChart
          option={option}
          height={320}
          label={t('reports.channelHours')}
          onClick={props.onDrill}
        />
      )}
    </Card>
  );
}
