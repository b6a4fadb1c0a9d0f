'use client';
// 预测: what the window and fee rules in force will do over the coming days. Filters and the
// side (published, or with the gray releases live) live in the address; a bar opens the loans.
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  InputNumber,
  Row,
  Segmented,
  Select,
  Skeleton,
  Statistic,
  Table,
  Tag,
} from 'antd';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import { EChart } from '@/components/echart';
import { SearchForm, Stack, TitledCard } from '@/components/kit';
import { useI18n, type MessageKey } from '@/i18n';
import { formatCount, formatYuan, shanghaiTime } from '@/lib/format';
import { businessLines, useEnumOptions, useReferenceOptions } from '@/lib/options';
import { handleError } from '@/lib/errors';
import { useCan } from '@/lib/session';
import { useTRPC, type RouterInputs } from '@/lib/trpc';
import {
  accrualOption,
  askedOption,
  hrefOf,
  type ForecastScope,
  type ForecastSide,
} from './forecast-charts';

type Input = RouterInputs['reports']['forecast'];
interface SearchValues extends ForecastScope {
  days?: number;
}

function inputOf(search: URLSearchParams): Input {
  const input: Input = {};
  const funderCode = search.get('funderCode');
  const productCode = search.get('productCode');
  const businessLine = search.get('businessLine');
  const days = Number(search.get('days'));
  if (funderCode) input.funderCode = funderCode;
  if (productCode) input.productCode = productCode;
  if (businessLine && (businessLines as readonly string[]).includes(businessLine))
    input.businessLine = businessLine as Input['businessLine'];
  if (Number.isInteger(days) && days >= 1 && days <= 14) input.days = days;
  return input;
}

export function ForecastDashboard() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const query = search.toString();
  const input = useMemo(() => inputOf(new URLSearchParams(query)), [query]);
  const side: ForecastSide = search.get('side') === 'withGray' ? 'withGray' : 'published';
  const forecast = useQuery({
    ...trpc.reports.forecast.queryOptions(input),
    placeholderData: keepPreviousData,
  });
  const data = forecast.data;
  const { message } = App.useApp();
  // The figures are a stored computation; who may run the report jobs may compute them again.
  const canRunJobs = useCan('jobs.run');
  const canRebuild = useCan('reports.rebuild');
  const canRecompute = canRunJobs && canRebuild;
  const recompute = useMutation(trpc.jobs.start.mutationOptions({ meta: { handlesErrors: true } }));
  const [form] = Form.useForm<SearchValues>();
  const { funders, products } = useReferenceOptions();
  const lineOptions = useEnumOptions('businessLine', businessLines);
  const { days: _days, ...scope } = input;
  void _days;

  const go = (next: Input, nextSide: ForecastSide) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(next))
      if (v !== undefined && v !== '') params.set(k, String(v));
    if (nextSide === 'withGray') params.set('side', 'withGray');
    router.replace(`${pathname}?${params.toString()}`);
  };
  const options = useMemo(
    () =>
      data && {
        asked: askedOption(data, side, scope, t, locale),
        accrual: accrualOption(data, side, t, locale),
      },
    // `scope` is derived from `query`.
    [data, side, query, t, locale],
  );
  const select = (
    name: keyof ForecastScope,
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
  const rows =
    data?.dates.flatMap((d) =>
      d.slots.map((s) => ({
        key: `${d.date} ${s.start}`,
        date: d.date,
        slot: `${s.start}–${s.end}`,
        ...s,
      })),
    ) ?? [];
  const both = (
    p: { installments: number; amount: string },
    g: { installments: number; amount: string },
  ) =>
    `${formatYuan(p.amount)} (${formatCount(p.installments)}) / ${formatYuan(g.amount)} (${formatCount(g.installments)})`;

  return (
    <Stack>
      <TitledCard
        heading={t('forecast.title')}
        extra={
          <Segmented<ForecastSide>
            aria-label={t('forecast.side')}
            value={side}
            onChange={(v) => go(input, v)}
            options={[
              { value: 'published', label: t('forecast.published') },
              { value: 'withGray', label: t('forecast.withGray') },
            ]}
          />
        }
      >
        <SearchForm<SearchValues>
          form={form}
          layout="grid"
          label={t('forecast.search')}
          initialValues={input}
          onSearch={(v) =>
            go(
              inputOf(
                new URLSearchParams(
                  Object.entries(v)
                    .filter(([, x]) => x !== undefined && x !== null)
                    .map(([k, x]) => [k, String(x)]),
                ),
              ),
              side,
            )
          }
        >
          {select('funderCode', 'reports.funder', funders)}
          {select('productCode', 'reports.product', products)}
          {select('businessLine', 'reports.businessLine', lineOptions)}
          <Form.Item name="days" label={t('forecast.days')}>
            <InputNumber
              min={1}
              max={14}
              placeholder="7"
              aria-label={t('forecast.days')}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </SearchForm>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
          {data &&
            (data.gray.length > 0 ? (
              <Tag color="orange" data-testid="forecast-gray">
                {t('forecast.gray', {
                  list: data.gray.map((g) => `${g.ruleSetName} v${g.versionNo}`).join('、'),
                })}
              </Tag>
            ) : (
              <Tag>{t('forecast.noGray')}</Tag>
            ))}
          <Tag>{t('forecast.clickHint')}</Tag>
          {data && (
            <Tag data-testid="forecast-computed-at">
              {t('forecast.computedAt', { time: shanghaiTime(data.computedAt) })}
            </Tag>
          )}
          {canRecompute && (
            <Button
              size="small"
              loading={recompute.isPending}
              onClick={() =>
                void recompute
                  .mutateAsync({ job: 'report-forecast', params: {} })
                  .then(() => {
                    void message.success(t('forecast.recomputing'));
                    // The job runs in the background: read the figures again once it has had time.
                    setTimeout(() => void forecast.refetch(), 5000);
                  })
                  .catch((error: unknown) => handleError(error, { sayRefusals: true }))
              }
            >
              {t('forecast.recompute')}
            </Button>
          )}
        </div>
        <Alert type="info" showIcon message={t('forecast.help')} />
      </TitledCard>
      {!data || !options ? (
        <Skeleton active />
      ) : (
        <>
          <Row gutter={[16, 16]}>
            {(
              [
                ['asked', 'forecast.asked', data.totals.asked],
                ['accrual', 'forecast.accrual', data.totals.accrual],
              ] as const
            ).map(([key, label, figure]) => (
              <Col key={key} xs={24} md={12}>
                <Card data-testid={`forecast-${key}`}>
                  <Statistic title={t(label)} value={formatYuan(figure[side])} />
                  <div style={{ color: 'rgba(0,0,0,0.45)' }}>
                    {t('forecast.published')} {formatYuan(figure.published)} ·{' '}
                    {t('forecast.withGray')} {formatYuan(figure.withGray)}
                  </div>
                </Card>
              </Col>
            ))}
          </Row>
          <Card
            title={<h2 className="page-title">{t('forecast.byWindow')}</h2>}
            data-testid="forecast-windows"
          >
            <EChart
              option={options.asked}
              label={t('forecast.byWindow')}
              height={320}
              onClick={(params) => {
                const href = hrefOf(params);
                if (href) router.push(href);
              }}
            />
          </Card>
          <Card title={<h2 className="page-title">{t('forecast.accrualChart')}</h2>}>
            <EChart option={options.accrual} label={t('forecast.accrualChart')} height={260} />
          </Card>
          <Card title={<h2 className="page-title">{t('forecast.table')}</h2>}>
            <Table
              size="small"
              pagination={false}
              dataSource={rows}
              data-testid="forecast-table"
              columns={[
                { title: t('forecast.date'), dataIndex: 'date' },
                { title: t('forecast.slot'), dataIndex: 'slot' },
                {
                  title: `${t('forecast.published')} / ${t('forecast.withGray')}`,
                  key: 'both',
                  align: 'right',
                  render: (_: unknown, r: (typeof rows)[number]) => both(r.published, r.withGray),
                },
              ]}
            />
          </Card>
        </>
      )}
    </Stack>
  );
}
