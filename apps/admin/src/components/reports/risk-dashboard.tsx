'use client';
// 风险报表: the overdue principal and rates over the dates, the delinquency buckets stacked, roll
// rates between month ends and vintage curves, under a range and a scope (funder, product,
// business line) kept in the address. A click opens the matching loans or overdue loans.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Card,
  Col,
  DatePicker,
  Empty,
  Form,
  Row,
  Select,
  Skeleton,
  Statistic,
  Tag,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, type ReactNode } from 'react';
import { EChart } from '@/components/echart';
import { SearchForm, Stack, TitledCard } from '@/components/kit';
import { useI18n, type MessageKey } from '@/i18n';
import { formatCount, formatYuan, shanghaiTime } from '@/lib/format';
import { businessLines, useEnumOptions, useReferenceOptions } from '@/lib/options';
import { useTRPC } from '@/lib/trpc';
import { formatRate } from './chart-kit';
import {
  bucketsOption,
  hrefOf,
  overdueTrendOption,
  riskFiltersOf,
  rollRatesOption,
  vintageOption,
  type RiskFilters,
} from './finance-charts';
import { searchOf } from './report-filters';

interface SearchValues {
  dates?: [Dayjs | null, Dayjs | null] | null;
  funderCode?: string;
  productCode?: string;
  businessLine?: RiskFilters['businessLine'];
}

function filtersOf(v: SearchValues): RiskFilters {
  const next: RiskFilters = {};
  if (v.dates?.[0] && v.dates[1]) {
    next.from = v.dates[0].format('YYYY-MM-DD');
    next.to = v.dates[1].format('YYYY-MM-DD');
  }
  if (v.funderCode) next.funderCode = v.funderCode;
  if (v.productCode) next.productCode = v.productCode;
  if (v.businessLine) next.businessLine = v.businessLine;
  return next;
}

export function ChartCard(props: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Card
      title={<h2 className="page-title">{props.title}</h2>}
      style={{ height: '100%' }}
      data-testid={props.testId}
    >
      {props.children}
    </Card>
  );
}

export function RiskDashboard() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const query = useSearchParams().toString();
  const filters = useMemo(() => riskFiltersOf(new URLSearchParams(query)), [query]);
  const report = useQuery({
    ...trpc.reports.risk.queryOptions(filters),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const data = report.data;
  const [form] = Form.useForm<SearchValues>();
  const { funders, products } = useReferenceOptions();
  const lineOptions = useEnumOptions('businessLine', businessLines);

  useEffect(() => {
    const from = filters.from ?? data?.from;
    const to = filters.to ?? data?.to;
    form.setFieldsValue({
      funderCode: filters.funderCode,
      productCode: filters.productCode,
      businessLine: filters.businessLine,
      dates: from && to ? [dayjs(from), dayjs(to)] : null,
    });
  }, [form, filters, data?.from, data?.to]);

  const options = useMemo(() => {
    if (!data) return null;
    const { from: _from, to: _to, ...scope } = filters;
    void _from;
    void _to;
    return {
      trend: overdueTrendOption(data, scope, t, locale),
      buckets: bucketsOption(data, scope, t, locale),
      rolls: rollRatesOption(data, scope),
      vintage: vintageOption(data, scope, t),
    };
  }, [data, filters, t, locale]);
  const open = (params: unknown) => {
    const href = hrefOf(params);
    if (href) router.push(href);
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
  const latest = data?.latest;

  return (
    <Stack>
      <TitledCard heading={t('risk.title')}>
        <SearchForm<SearchValues>
          form={form}
          layout="grid"
          label={t('reports.search')}
          onSearch={(v) => router.replace(`${pathname}?${searchOf(filtersOf(v))}`)}
        >
          <Form.Item name="dates" label={t('reports.dates')}>
            <DatePicker.RangePicker aria-label={t('reports.dates')} allowClear={false} />
          </Form.Item>
          {select('funderCode', 'reports.funder', funders)}
          {select('productCode', 'reports.product', products)}
          {select('businessLine', 'reports.businessLine', lineOptions)}
        </SearchForm>
        {data?.liveDates.includes(data.today) && (
          <Tag color="processing">
            {data.todayTakenAt
              ? t('risk.todayTaken', {
                  date: data.today,
                  time: shanghaiTime(data.todayTakenAt).slice(11, 16),
                })
              : t('reports.live', { date: data.today })}
          </Tag>
        )}
        <Tag>{t('risk.clickHint')}</Tag>
      </TitledCard>
      {!data || !options ? (
        <Skeleton active />
      ) : data.days.length === 0 ? (
        <Card>
          <Empty description={t('reports.noData')} />
        </Card>
      ) : (
        <>
          <Card data-testid="risk-figures">
            <Row gutter={[16, 16]}>
              {latest &&
                (
                  [
                    ['risk.outstanding', formatYuan(latest.outstandingPrincipal)],
                    ['risk.loans', formatCount(latest.loans)],
                    ['risk.overduePrincipal', formatYuan(latest.overduePrincipal)],
                    ['risk.overdueAmount', formatYuan(latest.overdueAmount)],
                    ['risk.overdueRate', formatRate(latest.overdueRate)],
                    ['risk.delinquentRate', formatRate(latest.delinquentRate)],
                  ] as const
                ).map(([key, value]) => (
                  <Col key={key} xs={12} md={8} xl={4}>
                    <Statistic title={`${t(key)}（${latest.date}）`} value={value} />
                  </Col>
                ))}
            </Row>
          </Card>
          {data.missingDates.length > 0 && (
            <Alert
              type="warning"
              showIcon
              title={t('risk.missing', { count: String(data.missingDates.length) })}
            />
          )}
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <ChartCard title={t('risk.trend')} testId="risk-trend">
                <EChart option={options.trend} label={t('risk.trend')} onClick={open} />
              </ChartCard>
            </Col>
            <Col xs={24} xl={12}>
              <ChartCard title={t('risk.buckets')} testId="risk-buckets">
                <EChart option={options.buckets} label={t('risk.buckets')} onClick={open} />
              </ChartCard>
            </Col>
            <Col xs={24} xl={12}>
              <ChartCard title={t('risk.rollRates')} testId="risk-rolls">
                {data.rollRates.length === 0 ? (
                  <Empty description={t('risk.noRolls')} />
                ) : (
                  <EChart option={options.rolls} label={t('risk.rollRates')} onClick={open} />
                )}
              </ChartCard>
            </Col>
            <Col xs={24} xl={12}>
              <ChartCard title={t('risk.vintage')} testId="risk-vintage">
                {data.vintages.length === 0 ? (
                  <Empty description={t('risk.noRolls')} />
                ) : (
                  <EChart option={options.vintage} label={t('risk.vintage')} onClick={open} />
                )}
              </ChartCard>
            </Col>
          </Row>
          <Alert type="info" showIcon title={t('risk.help')} />
        </>
      )}
    </Stack>
  );
}
