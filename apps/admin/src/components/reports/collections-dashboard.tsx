'use client';
// 代扣回款报表: the key figures of the range, due against collected per day and per window,
// first attempts against retries, success rates by a dimension, outcomes and failure codes.
// Filters live in the address; a click on a chart opens the debit orders behind it.
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
  Segmented,
  Select,
  Skeleton,
  Statistic,
  Tag,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { EChart } from '@/components/echart';
import { SavedViews, SearchForm, Stack, TitledCard } from '@/components/kit';
import { useI18n, type MessageKey } from '@/i18n';
import { formatCount, formatYuan } from '@/lib/format';
import { businessLines, useEnumOptions, useReferenceOptions } from '@/lib/options';
import { useTRPC } from '@/lib/trpc';
import { drillOf, formatRate } from './chart-kit';
import {
  attemptsOption,
  compareOption,
  dailyOption,
  dimensionRows,
  failureCodesOption,
  outcomesOption,
  windowOption,
  type Dimension,
} from './collections-charts';
import {
  collectionsFiltersOf,
  drillHref,
  searchOf,
  type CollectionsFilters,
} from './report-filters';
import { useChannelCodes } from './use-channel-codes';

interface SearchValues extends Omit<CollectionsFilters, 'from' | 'to'> {
  dates?: [Dayjs | null, Dayjs | null] | null;
}

const valuesOf = (f: CollectionsFilters): SearchValues => {
  const { from, to, ...scope } = f;
  return { ...scope, dates: from && to ? [dayjs(from), dayjs(to)] : null };
};

function filtersOf(v: SearchValues): CollectionsFilters {
  const { dates, ...scope } = v;
  const next: CollectionsFilters = {};
  for (const [k, value] of Object.entries(scope))
    if (typeof value === 'string' && value.trim() !== '')
      (next as Record<string, string>)[k] = value.trim();
  if (dates?.[0] && dates[1]) {
    next.from = dates[0].format('YYYY-MM-DD');
    next.to = dates[1].format('YYYY-MM-DD');
  }
  return next;
}

const DIMENSIONS: Dimension[] = ['channel', 'bank', 'funder', 'product', 'line'];

/** A chart in a card titled as it is labelled for screen readers. */
function ChartCard(props: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <Card
      title={<h2 className="page-title">{props.title}</h2>}
      extra={props.extra}
      style={{ height: '100%' }}
    >
      {props.children}
    </Card>
  );
}

export function CollectionsDashboard() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const query = search.toString();
  const filters = useMemo(() => collectionsFiltersOf(new URLSearchParams(query)), [query]);
  const report = useQuery({
    ...trpc.reports.collections.queryOptions(filters),
    placeholderData: keepPreviousData,
    // Today is live: it moves as the windows run.
    refetchInterval: 60_000,
  });
  const data = report.data;
  const [form] = Form.useForm<SearchValues>();
  const [dim, setDim] = useState<Dimension>('channel');
  const { funders, products } = useReferenceOptions();
  const lineOptions = useEnumOptions('businessLine', businessLines);
  const channels = useChannelCodes();

  // The form shows what the address says, and the engine's dates when it says none.
  useEffect(() => {
    form.setFieldsValue(
      valuesOf({ ...filters, from: filters.from ?? data?.from, to: filters.to ?? data?.to }),
    );
  }, [form, filters, data?.from, data?.to]);

  const options = useMemo(() => {
    if (!data) return null;
    return {
      daily: dailyOption(data.days, t, locale),
      windows: windowOption(data.windows, t, locale),
      attempts: attemptsOption(data.attempts, t),
      outcomes: outcomesOption(data.total, t),
      codes: failureCodesOption(data.failureCodes, t),
    };
  }, [data, t, locale]);
  const compare = useMemo(
    () => (data ? compareOption(dimensionRows(data, dim, t), t) : null),
    [data, dim, t],
  );

  const { from: _from, to: _to, ...scope } = filters;
  void _from;
  void _to;
  const drill = (params: unknown) => {
    const clicked = drillOf(params);
    if (data && clicked) router.push(drillHref({ from: data.from, to: data.to }, scope, clicked));
  };
  const select = (
    name: keyof SearchValues,
    label: MessageKey,
    opts: { value: string; label: string }[],
  ) => (
    <Form.Item name={name} label={t(label)}>
      <Select
        placeholder={t('common.all')}
        aria-label={t(label)}
        options={opts}
        allowClear
        showSearch
      />
    </Form.Item>
  );

  const total = data?.total;
  const figures = total
    ? [
        {
          key: 'asked',
          title: t('reports.asked'),
          value: formatYuan(total.amount),
          note: `${t('reports.askedOrders')} ${formatCount(total.orders)}`,
        },
        {
          key: 'collected',
          title: t('reports.collected'),
          value: formatYuan(total.collected),
          note: `${t('reports.collectedOrders')} ${formatCount(total.collectedOrders)}`,
        },
        { key: 'amountRate', title: t('reports.amountRate'), value: formatRate(total.amountRate) },
        {
          key: 'successRate',
          title: t('reports.successRate'),
          value: formatRate(total.successRate),
          note:
            total.inFlightOrders > 0
              ? `${t('reports.inFlight')} ${formatCount(total.inFlightOrders)}`
              : undefined,
        },
        {
          key: 'firstRate',
          title: t('reports.firstRate'),
          value: formatRate(data.attempts.first.successRate),
          note: `${t('reports.retryRate')} ${formatRate(data.attempts.retry.successRate)}`,
        },
        { key: 'fee', title: t('reports.fee'), value: formatYuan(total.fee) },
      ]
    : [];
  const otherLive = data?.liveDates.filter((d) => d !== data.today) ?? [];

  return (
    <Stack>
      <TitledCard heading={t('reports.collectionsTitle')} extra={<SavedViews />}>
        <SearchForm<SearchValues>
          form={form}
          layout="grid"
          label={t('reports.search')}
          onSearch={(v) => router.replace(`${pathname}?${searchOf(filtersOf(v))}`)}
        >
          <Form.Item name="dates" label={t('reports.dates')}>
            <DatePicker.RangePicker
              aria-label={t('reports.dates')}
              allowClear={false}
              style={{ width: '100%' }}
            />
          </Form.Item>
          {select('funderCode', 'reports.funder', funders)}
          {select('productCode', 'reports.product', products)}
          {select('businessLine', 'reports.businessLine', lineOptions)}
          {select('channel', 'reports.channel', channels)}
          <Form.Item name="bank" label={t('reports.bank')}>
            <Input placeholder={t('common.all')} aria-label={t('reports.bank')} allowClear />
          </Form.Item>
          <Form.Item
            name="window"
            label={t('reports.window')}
            rules={[{ pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: 'HH:MM' }]}
          >
            <Input placeholder="10:00" aria-label={t('reports.window')} allowClear />
          </Form.Item>
        </SearchForm>
        {data && (
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
            {data.liveDates.includes(data.today) && (
              <Tag color="processing">{t('reports.live', { date: data.today })}</Tag>
            )}
            {otherLive.length > 0 && (
              <Tag color="warning">{t('reports.liveDates', { dates: otherLive.join('、') })}</Tag>
            )}
            <Tag>{t('reports.clickHint')}</Tag>
          </div>
        )}
      </TitledCard>
      {!data || !options || !compare ? (
        <Skeleton active />
      ) : data.total.orders === 0 ? (
        <Card>
          <Empty description={t('reports.noData')} />
        </Card>
      ) : (
        <>
          <Row gutter={[16, 16]}>
            {figures.map((f) => (
              <Col key={f.key} xs={24} sm={12} lg={8} xxl={4}>
                <Card data-testid={`figure-${f.key}`}>
                  <Statistic
                    title={f.title}
                    value={f.value}
                    styles={{
                      content: {
                        fontSize: 22,
                        whiteSpace: 'nowrap',
                        fontVariantNumeric: 'tabular-nums',
                      },
                    }}
                  />
                  <div style={{ minHeight: 22, color: 'rgba(0,0,0,0.45)' }}>{f.note}</div>
                </Card>
              </Col>
            ))}
          </Row>
          <ChartCard title={t('reports.daily')}>
            <EChart
              option={options.daily}
              height={320}
              label={t('reports.daily')}
              onClick={drill}
            />
          </ChartCard>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <ChartCard title={t('reports.byWindow')}>
                <EChart option={options.windows} label={t('reports.byWindow')} onClick={drill} />
              </ChartCard>
            </Col>
            <Col xs={24} xl={12}>
              <ChartCard title={t('reports.attempts')}>
                <EChart option={options.attempts} label={t('reports.attempts')} onClick={drill} />
              </ChartCard>
            </Col>
          </Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <ChartCard
                title={t('reports.compare')}
                extra={
                  <Segmented
                    size="small"
                    value={dim}
                    onChange={(v) => setDim(v)}
                    options={DIMENSIONS.map((d) => ({ value: d, label: t(`reports.dim.${d}`) }))}
                  />
                }
              >
                <EChart
                  option={compare}
                  height={Math.max(200, 40 + 32 * dimensionRows(data, dim, t).length)}
                  label={t('reports.compare')}
                  onClick={drill}
                />
              </ChartCard>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <ChartCard title={t('reports.outcomes')}>
                <EChart option={options.outcomes} label={t('reports.outcomes')} onClick={drill} />
              </ChartCard>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <ChartCard title={t('reports.failureCodes')}>
                <EChart option={options.codes} label={t('reports.failureCodes')} onClick={drill} />
              </ChartCard>
            </Col>
          </Row>
          <Alert type="info" showIcon title={t('reports.rateHelp')} />
        </>
      )}
    </Stack>
  );
}
