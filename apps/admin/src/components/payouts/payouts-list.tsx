'use client';
// 代付订单: payout orders with the console's filters and keyset pages, the totals per status on
// top; a row opens the order's drawer; 导出 writes every order the filters find. `?batch=<id>`
// (a link from a remittance batch) shows that batch's orders only.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import {
  DataTable,
  ExportButton,
  PageNav,
  SearchForm,
  TitledCard,
  useCursorPages,
} from '@/components/kit';
import { useT } from '@/i18n';
import { useEnumOptions, useReferenceOptions } from '@/lib/options';
import { useTRPC, type RouterInputs } from '@/lib/trpc';
import { PAYOUT_SOURCES, PAYOUT_STATUSES } from '@repay/rules/vocabulary';
import { DispatchButton } from './dispatch-button';
import { usePayoutColumns, type PayoutRow } from './payout-columns';
import { PayoutDrawer } from './payout-drawer';
import { PayoutTotals } from './payout-totals';

type Filters = Omit<RouterInputs['payouts']['list'], 'cursor' | 'limit' | 'batchId'>;
interface SearchValues extends Omit<Filters, 'from' | 'to'> {
  dates?: [Dayjs, Dayjs] | null;
}
const PAGE = 20;

/** The search form's values as the engine's filters (empty fields left out). */
export function payoutFilters(v: SearchValues): Filters {
  const { dates, ...rest } = v;
  const next: Filters = {};
  for (const [k, value] of Object.entries(rest))
    if (typeof value === 'string' && value.trim() !== '')
      (next as Record<string, string>)[k] = value.trim();
  if (dates) {
    next.from = dates[0].format('YYYY-MM-DD');
    next.to = dates[1].format('YYYY-MM-DD');
  }
  return next;
}

export function PayoutsList() {
  const t = useT();
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const wanted = useSearchParams().get('batch');
  const batchId = wanted && /^\d{1,18}$/.test(wanted) ? wanted : undefined;
  const columns = usePayoutColumns();
  const [form] = Form.useForm<SearchValues>();
  const [filters, setFilters] = useState<Filters>({});
  const pages = useCursorPages();
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery({
    ...trpc.payouts.list.queryOptions({ ...filters, batchId, cursor: pages.cursor, limit: PAGE }),
    placeholderData: keepPreviousData,
    refetchInterval: 5000,
  });
  const { funders } = useReferenceOptions();
  const statusOptions = useEnumOptions('payoutStatus', PAYOUT_STATUSES);
  const sourceOptions = useEnumOptions('payoutSource', PAYOUT_SOURCES);
  const select = (
    name: keyof Filters,
    label: string,
    options: { value: string; label: string }[],
  ) => (
    <Form.Item name={name} label={label}>
      <Select options={options} allowClear />
    </Form.Item>
  );

  return (
    <TitledCard
      heading={t('payouts.title')}
      extra={
        <Space>
          <ExportButton list="payout-orders" filters={{ ...filters, batchId }} />
          <DispatchButton />
        </Space>
      }
    >
      <SearchForm<SearchValues>
        form={form}
        layout="grid"
        label={t('payouts.title')}
        onSearch={(v) => {
          setFilters(payoutFilters(v));
          pages.reset();
        }}
      >
        <Form.Item name="payoutNo" label={t('payouts.payoutNo')}>
          <Input allowClear />
        </Form.Item>
        {select('status', t('payouts.status'), statusOptions)}
        {select('source', t('payouts.source'), sourceOptions)}
        {select('funderCode', t('payouts.funder'), funders)}
        <Form.Item name="channelCode" label={t('payouts.channel')}>
          <Input allowClear />
        </Form.Item>
        <Form.Item name="dates" label={t('payouts.dateRange')}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
      </SearchForm>
      {batchId && (
        <Alert
          type="info"
          style={{ marginBottom: 16 }}
          title={t('payouts.batchFilter', { id: batchId })}
          action={
            <Button size="small" onClick={() => router.replace(pathname)}>
              {t('payouts.clearBatch')}
            </Button>
          }
        />
      )}
      <PayoutTotals totals={list.data?.totals} />
      <DataTable<PayoutRow>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.items}
        empty={t('payouts.empty')}
        scroll={{ x: 1500 }}
        columns={columns}
        onRow={(r) => ({ onClick: () => setOpen(r.payoutNo), style: { cursor: 'pointer' } })}
      />
      <PageNav pages={pages} nextCursor={list.data?.nextCursor} busy={list.isFetching} />
      <PayoutDrawer payoutNo={open} onClose={() => setOpen(null)} />
    </TitledCard>
  );
}
