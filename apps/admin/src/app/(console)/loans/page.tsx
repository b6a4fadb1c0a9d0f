'use client';
// Loans (ant-design-pro list anatomy): search form on top, table with status badges, keyset
// pagination with the engine's nextCursor (a stack of cursors gives "previous").
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, DatePicker, Form, Input, Select, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useState } from 'react';
import { PageNav, SearchForm, Stack, TitledCard, useCursorPages } from '@/components/kit';
import { useLoanColumns, type LoanRow } from '@/components/loans/loan-columns';
import { useT } from '@/i18n';
import { businessLines, loanStatuses, useEnumOptions, useReferenceOptions } from '@/lib/options';
import { useTRPC, type RouterInputs } from '@/lib/trpc';

type Filters = Omit<RouterInputs['loans']['list'], 'cursor' | 'limit'>;
interface SearchValues {
  orderNo?: string;
  funderCode?: string;
  productCode?: string;
  businessLine?: Filters['businessLine'];
  status?: Filters['status'];
  delinquency?: Filters['delinquency'];
  due?: [Dayjs | null, Dayjs | null] | null;
}

const PAGE_SIZE = 20;

function toFilters(values: SearchValues): Filters {
  const filters: Filters = {};
  const orderNo = values.orderNo?.trim();
  if (orderNo) filters.orderNo = orderNo;
  if (values.funderCode) filters.funderCode = values.funderCode;
  if (values.productCode) filters.productCode = values.productCode;
  if (values.businessLine) filters.businessLine = values.businessLine;
  if (values.status) filters.status = values.status;
  if (values.delinquency) filters.delinquency = values.delinquency;
  const [from, to] = values.due ?? [];
  if (from) filters.dueFrom = from.format('YYYY-MM-DD');
  if (to) filters.dueTo = to.format('YYYY-MM-DD');
  return filters;
}

/** Filters a link may carry (the forecast's drill-down): scope, status, due range. */
function linkedValues(search: URLSearchParams): SearchValues {
  const get = (k: string) => search.get(k) ?? undefined;
  const dueFrom = get('dueFrom');
  const dueTo = get('dueTo');
  return {
    orderNo: get('orderNo'),
    funderCode: get('funderCode'),
    productCode: get('productCode'),
    businessLine: get('businessLine') as SearchValues['businessLine'],
    status: get('status') as SearchValues['status'],
    delinquency: get('delinquency') as SearchValues['delinquency'],
    due: dueFrom || dueTo ? [dueFrom ? dayjs(dueFrom) : null, dueTo ? dayjs(dueTo) : null] : null,
  };
}

export default function LoansPage() {
  return (
    <Suspense>
      <LoansList />
    </Suspense>
  );
}

function LoansList() {
  const t = useT();
  const trpc = useTRPC();
  const router = useRouter();
  const [form] = Form.useForm<SearchValues>();
  const searchParams = useSearchParams();
  const [linked] = useState(() => linkedValues(new URLSearchParams(searchParams.toString())));
  const [filters, setFilters] = useState<Filters>(() => toFilters(linked));
  const pages = useCursorPages();
  const list = useQuery({
    ...trpc.loans.list.queryOptions({ ...filters, cursor: pages.cursor, limit: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const reference = useReferenceOptions();
  const lineOptions = useEnumOptions('businessLine', businessLines);
  const statusOptions = useEnumOptions('loanStatus', loanStatuses);
  const columns = useLoanColumns();
  const [total, setTotal] = useState<number | null>(null);
  if (list.data && list.data.total !== null && list.data.total !== total) setTotal(list.data.total);
  const search = (values: SearchValues) => {
    setFilters(toFilters(values));
    pages.reset();
  };
  const referenceSelect = (options: { value: string; label: string }[]) => (
    <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={options} />
  );

  return (
    <Stack>
      <Card>
        <SearchForm<SearchValues>
          form={form}
          layout="grid"
          label={t('loans.search')}
          initialValues={linked}
          onSearch={search}
        >
          <Form.Item label={t('loans.orderNo')} name="orderNo">
            <Input allowClear autoComplete="off" />
          </Form.Item>
          <Form.Item label={t('loans.funder')} name="funderCode">
            {referenceSelect(reference.funders)}
          </Form.Item>
          <Form.Item label={t('loans.product')} name="productCode">
            {referenceSelect(reference.products)}
          </Form.Item>
          <Form.Item label={t('loans.businessLine')} name="businessLine">
            <Select allowClear options={lineOptions} />
          </Form.Item>
          <Form.Item label={t('loans.status')} name="status">
            <Select allowClear options={statusOptions} />
          </Form.Item>
          <Form.Item label={t('loans.delinquency')} name="delinquency">
            <Select
              allowClear
              options={(['overdue', 'current'] as const).map((value) => ({
                value,
                label: t(`loans.delinquency.${value}`),
              }))}
            />
          </Form.Item>
          <Form.Item label={t('loans.dueRange')} name="due">
            <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
          </Form.Item>
        </SearchForm>
      </Card>
      <TitledCard
        heading={t('loans.title')}
        extra={
          // The total of the first page's search (it stays while paging on).
          total !== null && (
            <span data-testid="loans-total">{t('loans.total', { count: total })}</span>
          )
        }
      >
        <Table<LoanRow>
          rowKey="orderNo"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          pagination={false}
          scroll={{ x: 1500 }}
          locale={{ emptyText: t('loans.empty') }}
          rowClassName="clickable-row"
          onRow={(row) => ({
            onClick: () => router.push(`/loans/${encodeURIComponent(row.orderNo)}`),
          })}
        />
        <PageNav pages={pages} nextCursor={list.data?.nextCursor} busy={list.isFetching} />
      </TitledCard>
    </Stack>
  );
}
