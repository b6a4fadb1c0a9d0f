'use client';
// Debit orders with the console's filters and keyset pages; a row opens the order's story.
// `review` shows the manual review queue (orders the channels never answered). 导出 writes every
// order the filters find.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, DatePicker, Form, Input, Select, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { ExportButton, PageNav, SavedViews, SearchForm, useCursorPages } from '@/components/kit';
import { useT } from '@/i18n';
import { businessLines, useEnumOptions, useReferenceOptions } from '@/lib/options';
import { useTRPC } from '@/lib/trpc';
import { CHANNEL_RESULT_CLASSES, DEBIT_OUTCOMES, DEBIT_STATUSES } from '@repay/rules/vocabulary';
import { OrderDrawer } from './order-drawer';
import { formValuesOf, type OrderFilters } from './order-filters';
import { useOrderColumns, type OrderRow } from './order-columns';

type Filters = OrderFilters;
interface SearchValues extends Omit<Filters, 'businessDate' | 'dateFrom' | 'dateTo'> {
  businessDate?: Dayjs | null;
  dates?: [Dayjs | null, Dayjs | null] | null;
}
const PAGE = 20;

/**
 * `initial`: the filters an address brought (a report's drill-down, a saved view), applied at
 * once; `onFilters`: a search goes to the address instead (the page remounts the list with it),
 * so it can be shared and saved as a view.
 */
export function OrdersTable({
  review = false,
  initial = {},
  onFilters,
}: {
  review?: boolean;
  initial?: Filters;
  onFilters?: (filters: Filters) => void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const col = useOrderColumns();
  const [form] = Form.useForm<SearchValues>();
  const [filters, setFilters] = useState<Filters>(review ? { status: 'manual_review' } : initial);
  const pages = useCursorPages();
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery({
    ...trpc.debits.orders.queryOptions({ ...filters, cursor: pages.cursor, limit: PAGE }),
    placeholderData: keepPreviousData,
    refetchInterval: 5000,
  });
  const { funders, products } = useReferenceOptions();
  const statusOptions = useEnumOptions('debitStatus', DEBIT_STATUSES);
  const classOptions = useEnumOptions('resultClass', CHANNEL_RESULT_CLASSES);
  const lineOptions = useEnumOptions('businessLine', businessLines);
  const outcomeOptions = useEnumOptions('debitOutcome', DEBIT_OUTCOMES);
  const attemptOptions = useEnumOptions('debitAttempt', ['first', 'retry'] as const);

  const search = (v: SearchValues) => {
    const next: Filters = {};
    for (const [k, value] of Object.entries(v))
      if (value && k !== 'businessDate' && k !== 'dates')
        (next as Record<string, unknown>)[k] = value;
    if (v.businessDate) next.businessDate = v.businessDate.format('YYYY-MM-DD');
    if (v.dates?.[0] && v.dates[1]) {
      next.dateFrom = v.dates[0].format('YYYY-MM-DD');
      next.dateTo = v.dates[1].format('YYYY-MM-DD');
    }
    if (review) next.status = 'manual_review';
    if (onFilters) return onFilters(next);
    setFilters(next);
    pages.reset();
  };
  const select = (
    name: keyof Filters,
    label: string,
    options: { value: string; label: string }[],
    width: number,
  ) => (
    <Form.Item name={name}>
      <Select placeholder={label} options={options} allowClear style={{ width }} />
    </Form.Item>
  );

  return (
    <Card extra={!review && onFilters ? <SavedViews /> : undefined}>
      {!review && (
        <SearchForm<SearchValues>
          form={form}
          layout="inline"
          onSearch={search}
          initialValues={formValuesOf(initial)}
        >
          <Form.Item name="orderNo">
            <Input placeholder={t('debits.orderNo')} allowClear />
          </Form.Item>
          <Form.Item name="businessDate">
            <DatePicker placeholder={t('debits.date')} />
          </Form.Item>
          <Form.Item name="window">
            <Input placeholder={t('debits.window')} style={{ width: 90 }} allowClear />
          </Form.Item>
          <Form.Item name="channel">
            <Input placeholder={t('debits.channel')} style={{ width: 120 }} allowClear />
          </Form.Item>
          {select('status', t('debits.status'), statusOptions, 120)}
          {select('resultClass', t('debits.resultClass'), classOptions, 140)}
          {select('funderCode', t('debits.funder'), funders, 160)}
          {select('productCode', t('loans.product'), products, 160)}
          {select('businessLine', t('debits.businessLine'), lineOptions, 120)}
          <Form.Item name="dates">
            <DatePicker.RangePicker aria-label={t('reports.filter.dates')} />
          </Form.Item>
          <Form.Item name="bank">
            <Input placeholder={t('reports.filter.bank')} style={{ width: 100 }} allowClear />
          </Form.Item>
          {select('outcome', t('reports.filter.outcome'), outcomeOptions, 150)}
          {select('attempt', t('reports.filter.attempt'), attemptOptions, 120)}
          <Form.Item name="rawCode">
            <Input placeholder={t('reports.filter.rawCode')} style={{ width: 110 }} allowClear />
          </Form.Item>
        </SearchForm>
      )}
      <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 12 }}>
        <ExportButton list="debit-orders" filters={filters} />
      </div>
      <Table<OrderRow>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={false}
        scroll={{ x: 1300 }}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        columns={[
          col.orderNo,
          col.text('debits.period', 'period', { align: 'right', width: 70 }),
          col.amount,
          col.text('debits.date', 'businessDate', { width: 110 }),
          col.text('debits.window', 'window', { width: 80 }),
          col.text('debits.channel', 'channel'),
          col.status,
          col.resultClass,
          col.rawCode,
          col.text('debits.queries', 'queryAttempts', { align: 'right', width: 90 }),
          col.time('debits.createdAt', 'createdAt'),
        ]}
      />
      <PageNav pages={pages} nextCursor={list.data?.nextCursor} busy={false} />
      <OrderDrawer id={open} onClose={() => setOpen(null)} />
    </Card>
  );
}
