'use client';
// 通道分析报表: per channel over the range, its success rate as routing counts it, latency,
// errors, volume and fees (a table), the same per day (charts: a click opens that channel's
// orders of the day), and its circuit breaker's moves.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Card,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  Row,
  Select,
  Skeleton,
  Table,
  Tag,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, type ReactNode } from 'react';
import { EChart } from '@/components/echart';
import { SavedViews, SearchForm, Stack, TitledCard } from '@/components/kit';
import { enumLabel, useI18n } from '@/i18n';
import { formatCount, formatYuan, shanghaiTime } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';
import { drillOf, formatRate } from './chart-kit';
import {
  latencyTrendOption,
  rateTrendOption,
  volumeOption,
  type Channels,
} from './channels-charts';
import { ChannelHoursCard } from './channel-hours-card';
import { channelsFiltersOf, drillHref, searchOf, type ChannelsFilters } from './report-filters';
import { useChannelCodes } from './use-channel-codes';

interface SearchValues {
  dates?: [Dayjs | null, Dayjs | null] | null;
  channel?: string;
  bank?: string;
}

type Summary = Channels['channels'][number];
type CircuitEvent = Channels['circuitEvents'][number];

function filtersOf(v: SearchValues): ChannelsFilters {
  const next: ChannelsFilters = {};
  if (v.channel) next.channel = v.channel;
  if (v.bank?.trim()) next.bank = v.bank.trim();
  if (v.dates?.[0] && v.dates[1]) {
    next.from = v.dates[0].format('YYYY-MM-DD');
    next.to = v.dates[1].format('YYYY-MM-DD');
  }
  return next;
}

function ChartCard(props: { title: string; children: ReactNode }) {
  return (
    <Card title={<h2 className="page-title">{props.title}</h2>} style={{ height: '100%' }}>
      {props.children}
    </Card>
  );
}

export function ChannelsDashboard() {
  const { t } = useI18n();
  const { locale } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const query = search.toString();
  const filters = useMemo(() => channelsFiltersOf(new URLSearchParams(query)), [query]);
  const report = useQuery({
    ...trpc.reports.channels.queryOptions(filters),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const data = report.data;
  const [form] = Form.useForm<SearchValues>();
  const channels = useChannelCodes();

  useEffect(() => {
    const from = filters.from ?? data?.from;
    const to = filters.to ?? data?.to;
    form.setFieldsValue({
      channel: filters.channel,
      bank: filters.bank,
      dates: from && to ? [dayjs(from), dayjs(to)] : null,
    });
  }, [form, filters, data?.from, data?.to]);

  const options = useMemo(
    () =>
      data
        ? {
            rates: rateTrendOption(data, t),
            latency: latencyTrendOption(data, t),
            volume: volumeOption(data, t, locale),
          }
        : null,
    [data, t, locale],
  );
  const drill = (params: unknown) => {
    const clicked = drillOf(params);
    const { from: _f, to: _t, ...scope } = filters;
    void _f;
    void _t;
    if (data && clicked) router.push(drillHref({ from: data.from, to: data.to }, scope, clicked));
  };
  const ms = (v: number | null) => (v === null ? '—' : t('reports.ms', { ms: formatCount(v) }));

  return (
    <Stack>
      <TitledCard heading={t('reports.channelsTitle')} extra={<SavedViews />}>
        <SearchForm<SearchValues>
          form={form}
          layout="inline"
          label={t('reports.search')}
          onSearch={(v) => router.replace(`${pathname}?${searchOf(filtersOf(v))}`)}
        >
          <Form.Item name="dates">
            <DatePicker.RangePicker aria-label={t('reports.dates')} allowClear={false} />
          </Form.Item>
          <Form.Item name="channel">
            <Select
              placeholder={t('reports.channel')}
              aria-label={t('reports.channel')}
              options={channels}
              allowClear
              style={{ width: 220 }}
            />
          </Form.Item>
          <Form.Item name="bank">
            <Input
              placeholder={t('reports.bank')}
              aria-label={t('reports.bank')}
              allowClear
              style={{ width: 120 }}
            />
          </Form.Item>
        </SearchForm>
        {data?.liveDates.includes(data.today) && (
          <Tag color="processing">{t('reports.live', { date: data.today })}</Tag>
        )}
        <Tag>{t('reports.clickHint')}</Tag>
      </TitledCard>
      {!data || !options ? (
        <Skeleton active />
      ) : data.channels.length === 0 ? (
        <Card>
          <Empty description={t('reports.noData')} />
        </Card>
      ) : (
        <>
          <TitledCard heading={t('reports.channelSummary')} level={2}>
            <Table<Summary>
              rowKey="channel"
              size="middle"
              pagination={false}
              dataSource={data.channels}
              scroll={{ x: 1100 }}
              columns={[
                { title: t('reports.channel'), dataIndex: 'channel', fixed: 'left' },
                {
                  title: t('channels.successRate'),
                  dataIndex: 'successRate',
                  align: 'right',
                  render: formatRate,
                },
                {
                  title: t('reports.attemptsCount'),
                  dataIndex: 'attempts',
                  align: 'right',
                  render: formatCount,
                },
                {
                  title: t('reports.errors'),
                  dataIndex: 'errors',
                  align: 'right',
                  render: formatCount,
                },
                {
                  title: t('reports.avgLatency'),
                  dataIndex: 'avgLatencyMs',
                  align: 'right',
                  render: ms,
                },
                {
                  title: t('reports.maxLatency'),
                  dataIndex: 'maxLatencyMs',
                  align: 'right',
                  render: ms,
                },
                {
                  title: t('reports.askedOrders'),
                  dataIndex: 'orders',
                  align: 'right',
                  render: formatCount,
                },
                {
                  title: t('reports.asked'),
                  dataIndex: 'amount',
                  align: 'right',
                  render: formatYuan,
                },
                {
                  title: t('reports.collected'),
                  dataIndex: 'collected',
                  align: 'right',
                  render: formatYuan,
                },
                { title: t('reports.cost'), dataIndex: 'cost', align: 'right', render: formatYuan },
                {
                  title: t('reports.costPerSuccess'),
                  dataIndex: 'costPerSuccess',
                  align: 'right',
                  render: (v: string | null) => (v === null ? '—' : formatYuan(v)),
                },
              ]}
            />
          </TitledCard>
          <ChartCard title={t('reports.channelRates')}>
            <EChart
              option={options.rates}
              height={300}
              label={t('reports.channelRates')}
              onClick={drill}
            />
          </ChartCard>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <ChartCard title={t('reports.channelLatency')}>
                <EChart
                  option={options.latency}
                  label={t('reports.channelLatency')}
                  onClick={drill}
                />
              </ChartCard>
            </Col>
            <Col xs={24} xl={12}>
              <ChartCard title={t('reports.channelVolume')}>
                <EChart
                  option={options.volume}
                  label={t('reports.channelVolume')}
                  onClick={drill}
                />
              </ChartCard>
            </Col>
          </Row>
          <ChannelHoursCard
            key={data.to}
            defaultDate={data.to > data.today ? data.today : data.to}
            today={data.today}
            channel={filters.channel}
            bank={filters.bank}
            onDrill={drill}
          />
          <TitledCard heading={t('reports.circuitEvents')} level={2}>
            <Table<CircuitEvent>
              rowKey={(e) => `${e.channel}|${e.at}`}
              size="small"
              pagination={false}
              dataSource={data.circuitEvents}
              locale={{ emptyText: t('reports.noCircuitEvents') }}
              columns={[
                {
                  title: t('reports.circuitAt'),
                  dataIndex: 'at',
                  render: (v: string) => shanghaiTime(v),
                  width: 180,
                },
                { title: t('reports.channel'), dataIndex: 'channel', width: 140 },
                {
                  title: t('reports.circuitMove'),
                  key: 'move',
                  width: 220,
                  render: (_: unknown, e: CircuitEvent) =>
                    `${enumLabel(t, 'circuit', e.from ?? '')} → ${enumLabel(t, 'circuit', e.to ?? '')}`,
                },
                {
                  title: t('reports.circuitReason'),
                  dataIndex: 'reason',
                  render: (v: string | null, e: CircuitEvent) => (
                    <>
                      {v ?? '—'} {e.byPerson && <Tag>{t('reports.circuitByPerson')}</Tag>}
                    </>
                  ),
                },
              ]}
            />
          </TitledCard>
          <Alert type="info" showIcon title={t('reports.channelRateHelp')} />
        </>
      )}
    </Stack>
  );
}
