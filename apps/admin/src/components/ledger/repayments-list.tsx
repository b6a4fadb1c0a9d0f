'use client';
// 还款记录: the money that came in on every loan (channel debits, offline repayments,
// settlements, reversals as negative), newest first, each with what it paid per component,
// under the search form's filters; keyset pages; a row opens its journal; 导出 CSV / Excel.
import { useQuery } from '@tanstack/react-query';
import { DatePicker, Form, Input, Select, Space, type TableColumnsType } from 'antd';
import { useState } from 'react';
import {
  DataTable,
  ExportButton,
  PageNav,
  SavedViews,
  SearchForm,
  TitledCard,
  useAddressFilters,
  useColumns,
  type FilterSpec,
  type FilterValues,
} from '@/components/kit';
import { useT } from '@/i18n';
import { useEnumOptions, useReferenceOptions } from '@/lib/options';
import { useTRPC, type RouterInputs, type RouterOutputs } from '@/lib/trpc';
import { JournalDrawer } from './journal-drawer';

type Filters = Omit<RouterInputs['ledger']['collections'], 'cursor' | 'limit'>;
type Row = RouterOutputs['ledger']['collections']['items'][number];
const SOURCES = ['debit', 'offline', 'settlement', 'reversal'] as const;
const SPEC: FilterSpec = {
  keys: {
    from: 'date',
    to: 'date',
    source: SOURCES,
    funderCode: 'text',
    productCode: 'text',
    orderNo: 'text',
  },
  range: ['from', 'to'],
};
const PAGE = 50;

export function RepaymentsList() {
  const t = useT();
  const trpc = useTRPC();
  const col = useColumns<Row>();
  const { filters, form, pages, search, placeholder } = useAddressFilters<Filters>(SPEC);
  const [journalId, setJournalId] = useState<string | null>(null);
  const list = useQuery({
    ...trpc.ledger.collections.queryOptions({ ...filters, cursor: pages.cursor, limit: PAGE }),
    placeholderData: placeholder,
  });
  const { funders, products } = useReferenceOptions();
  const sources = useEnumOptions('moneySource', SOURCES);
  const columns: TableColumnsType<Row> = [
    col.text('ledger.effectiveDate', 'effectiveDate', { width: 110, fixed: 'left' }),
    col.enum('repayments.source', 'source', 'moneySource', { width: 100 }),
    col.code('repayments.reference', 'reference', { width: 220 }),
    col.loan('ledger.orderNo', 'orderNo', 'repayments', { width: 150 }),
    col.text('repayments.borrower', 'borrowerName', { width: 100 }),
    col.optional('ledger.funder', 'funderCode', { width: 110 }),
    col.text('repayments.product', 'productCode', { width: 130 }),
    col.optional('repayments.channel', 'channel', { width: 110 }),
    col.money('repayments.amount', 'amount', { width: 130 }),
    col.money('repayments.principal', 'principal', { width: 120 }),
    col.money('repayments.interest', 'interest', { width: 110 }),
    col.money('repayments.fee', 'fee', { width: 100 }),
    col.money('repayments.penalty', 'penalty', { width: 100 }),
    col.money('repayments.unallocated', 'unallocated', { width: 100 }),
    col.time('ledger.postedAt', 'at', { width: 170 }),
  ];

  return (
    <TitledCard
      heading={t('repayments.title')}
      extra={
        <Space wrap>
          <SavedViews />
          <ExportButton list="repayments" filters={filters} />
        </Space>
      }
    >
      <SearchForm<FilterValues>
        form={form}
        layout="grid"
        label={t('repayments.title')}
        onSearch={search}
      >
        <Form.Item name="dates" label={t('ledger.dates')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="source" label={t('repayments.source')}>
          <Select allowClear options={sources} />
        </Form.Item>
        <Form.Item name="funderCode" label={t('ledger.funder')}>
          <Select showSearch allowClear options={funders} />
        </Form.Item>
        <Form.Item name="productCode" label={t('repayments.product')}>
          <Select showSearch allowClear options={products} />
        </Form.Item>
        <Form.Item name="orderNo" label={t('ledger.orderNo')}>
          <Input allowClear />
        </Form.Item>
      </SearchForm>
      <DataTable<Row>
        rowKey="id"
        size="middle"
        aria-label={t('repayments.title')}
        data-testid="repayments"
        loading={list.isLoading}
        dataSource={list.data?.items}
        empty={t('repayments.empty')}
        scroll={{ x: 1900 }}
        columns={columns}
        onRow={(r) => ({ onClick: () => setJournalId(r.journalId), style: { cursor: 'pointer' } })}
      />
      <PageNav pages={pages} nextCursor={list.data?.nextCursor} busy={list.isFetching} />
      <JournalDrawer journalId={journalId} onClose={() => setJournalId(null)} />
    </TitledCard>
  );
}
