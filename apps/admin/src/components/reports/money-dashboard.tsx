'use client';
// 资金报表: per funder over a range, what was collected (by component), penalties and fees
// accrued and collected, waived, refunded, remitted and paid out, and the suspense balances
// (unidentified money apart). A day's bar opens that funder's successful debit orders.
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
  Table,
  Tag,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useMemo } from 'react';
import { EChart } from '@/components/echart';
import { SearchForm, Stack, TitledCard } from '@/components/kit';
import { useI18n, type MessageKey } from '@/i18n';
import { formatYuan } from '@/lib/format';
import { useReferenceOptions } from '@/lib/options';
import { useTRPC } from '@/lib/trpc';
import {
  collectionsByFunderOption,
  fundsFlowOption,
  hrefOf,
  moneyFiltersOf,
  type Money,
  type MoneyFilters,
} from './finance-charts';
import { searchOf } from './report-filters';
import { ChartCard } from './risk-dashboard';

interface SearchValues {
  dates?: [Dayjs | null, Dayjs | null] | null;
  funderCode?: string;
}

type FunderRow = Money['funders'][number];

function filtersOf(v: SearchValues): MoneyFilters {
  const next: MoneyFilters = {};
  if (v.dates?.[0] && v.dates[1]) {
    next.from = v.dates[0].format('YYYY-MM-DD');
    next.to = v.dates[1].format('YYYY-MM-DD');
  }
  if (v.funderCode) next.funderCode = v.funderCode;
  return next;
}

/** The table's money columns: key of the row, title. */
const COLUMNS: [keyof FunderRow, MessageKey][] = [
  ['collected', 'money.collected'],
  ['collectedPrincipal', 'money.collectedPrincipal'],
  ['collectedInterest', 'money.collectedInterest'],
  ['collectedFee', 'money.collectedFee'],
  ['collectedPenalty', 'money.collectedPenalty'],
  ['collectedUnallocated', 'money.collectedUnallocated'],
  ['accruedCharges', 'money.accruedCharges'],
  ['chargesCollected', 'money.chargesCollected'],
  ['waived', 'money.waived'],
  ['refunded', 'money.refunded'],
  ['remittedGross', 'money.remittedGross'],
  ['remittanceFee', 'money.remittanceFee'],
  ['remittedNet', 'money.remittedNet'],
  ['remittancePaid', 'money.remittancePaid'],
  ['suspenseBalance', 'money.suspenseBalance'],
];

export function MoneyDashboard() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const query = useSearchParams().toString();
  const filters = useMemo(() => moneyFiltersOf(new URLSearchParams(query)), [query]);
  const report = useQuery({
    ...trpc.reports.money.queryOptions(filters),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const data = report.data;
  const [form] = Form.useForm<SearchValues>();
  const { funders } = useReferenceOptions();

  useEffect(() => {
    const from = filters.from ?? data?.from;
    const to = filters.to ?? data?.to;
    form.setFieldsValue({
      funderCode: filters.funderCode,
      dates: from && to ? [dayjs(from), dayjs(to)] : null,
    });
  }, [form, filters, data?.from, data?.to]);

  const options = useMemo(
    () =>
      data
        ? {
            collections: collectionsByFunderOption(data, locale),
            flows: fundsFlowOption(data, t, locale),
          }
        : null,
    [data, t, locale],
  );
  const open = (params: unknown) => {
    const href = hrefOf(params);
    if (href) router.push(href);
  };
  const rows = data?.funders ?? [];
  const total = data?.total;

  return (
    <Stack>
      <TitledCard heading={t('money.title')}>
        <SearchForm<SearchValues>
          form={form}
          layout="inline"
          label={t('reports.search')}
          onSearch={(v) => router.replace(`${pathname}?${searchOf(filtersOf(v))}`)}
        >
          <Form.Item name="dates">
            <DatePicker.RangePicker aria-label={t('reports.dates')} allowClear={false} />
          </Form.Item>
          <Form.Item name="funderCode">
            <Select
              placeholder={t('reports.funder')}
              aria-label={t('reports.funder')}
              options={funders}
              allowClear
              showSearch
              style={{ width: 220 }}
            />
          </Form.Item>
        </SearchForm>
        {data?.liveDates.includes(data.today) && (
          <Tag color="processing">{t('reports.live', { date: data.today })}</Tag>
        )}
        <Tag>{t('reports.clickHint')}</Tag>
      </TitledCard>
      {!data || !options || !total ? (
        <Skeleton active />
      ) : data.funders.length === 0 ? (
        <Card>
          <Empty description={t('money.noData')} />
        </Card>
      ) : (
        <>
          <Card data-testid="money-figures">
            <Row gutter={[16, 16]}>
              {(
                [
                  ['money.collected', total.collected],
                  ['money.accruedCharges', total.accruedCharges],
                  ['money.chargesCollected', total.chargesCollected],
                  ['money.waived', total.waived],
                  ['money.refunded', total.refunded],
                  ['money.remittedNet', total.remittedNet],
                  ['money.suspenseBalance', total.suspenseBalance],
                  ['money.unidentifiedBalance', data.unidentified.balance],
                ] as const
              ).map(([key, value]) => (
                <Col key={key} xs={12} md={6} xl={3}>
                  <Statistic title={t(key)} value={formatYuan(value)} />
                </Col>
              ))}
            </Row>
          </Card>
          <TitledCard heading={t('money.byFunder')} level={2}>
            <Table
              rowKey="funderCode"
              size="middle"
              pagination={false}
              dataSource={rows}
              scroll={{ x: 1600 }}
              columns={[
                { title: t('money.funder'), dataIndex: 'funderCode', fixed: 'left' },
                ...COLUMNS.map(([key, title]) => ({
                  title: t(title),
                  dataIndex: key,
                  align: 'right' as const,
                  render: (v: string) => formatYuan(v),
                })),
              ]}
            />
          </TitledCard>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={14}>
              <ChartCard title={t('money.collectionsByFunder')} testId="money-collections">
                <EChart
                  option={options.collections}
                  label={t('money.collectionsByFunder')}
                  onClick={open}
                />
              </ChartCard>
            </Col>
            <Col xs={24} xl={10}>
              <ChartCard title={t('money.flows')} testId="money-flows">
                <EChart option={options.flows} label={t('money.flows')} />
              </ChartCard>
            </Col>
          </Row>
          <Alert
            type="info"
            showIcon
            title={`${t('money.unidentified')}: ${t('money.unidentifiedBalance')} ${formatYuan(data.unidentified.balance)} · ${t('money.refunded')} ${formatYuan(data.unidentified.refunded)}`}
          />
          <Alert type="info" showIcon title={t('money.help')} />
        </>
      )}
    </Stack>
  );
}
