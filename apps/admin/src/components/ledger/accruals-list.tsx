'use client';
// 罚息计提: every accrual row of every loan, newest first, under the search form's filters
// (business dates, loan, funder, the loan's bucket now, charge type); keyset pages; a row opens
// its details; 导出 CSV / Excel writes every row the filters find.
import { useQuery } from '@tanstack/react-query';
import { DatePicker, Form, Input, Select, Space, type TableColumnsType } from 'antd';
import { useState } from 'react';
import {
  DataTable,
  ExportButton,
  LoanLink,
  Money,
  PageNav,
  SavedViews,
  SearchForm,
  TitledCard,
  useAddressFilters,
  useColumns,
  type FilterSpec,
  type FilterValues,
} from '@/components/kit';
import { enumLabel, useT } from '@/i18n';
import { shanghaiTime } from '@/lib/format';
import { useEnumOptions, useReferenceOptions } from '@/lib/options';
import { useTRPC, type RouterInputs, type RouterOutputs } from '@/lib/trpc';
import { ACCRUED_CHARGE_TYPES, DELINQUENCY_BUCKETS } from '@repay/rules/vocabulary';
import { DetailDrawer } from './detail-drawer';

type Filters = Omit<RouterInputs['overdue']['accrualList'], 'cursor' | 'limit'>;
type Row = RouterOutputs['overdue']['accrualList']['items'][number];
const SPEC: FilterSpec = {
  keys: {
    from: 'date',
    to: 'date',
    orderNo: 'text',
    funderCode: 'text',
    bucket: DELINQUENCY_BUCKETS,
    chargeType: ACCRUED_CHARGE_TYPES,
  },
  range: ['from', 'to'],
};
const PAGE = 50;

export function AccrualsList() {
  const t = useT();
  const trpc = useTRPC();
  const col = useColumns<Row>();
  const { filters, form, pages, search, placeholder } = useAddressFilters<Filters>(SPEC);
  const [open, setOpen] = useState<Row | null>(null);
  const list = useQuery({
    ...trpc.overdue.accrualList.queryOptions({ ...filters, cursor: pages.cursor, limit: PAGE }),
    placeholderData: placeholder,
  });
  const { funders } = useReferenceOptions();
  const chargeTypes = useEnumOptions('chargeType', ACCRUED_CHARGE_TYPES);
  const buckets = DELINQUENCY_BUCKETS.map((b) => ({ value: b, label: b }));
  const columns: TableColumnsType<Row> = [
    col.text('accruals.businessDate', 'businessDate', { width: 110, fixed: 'left' }),
    col.loan('ledger.orderNo', 'orderNo', undefined, { width: 150 }),
    col.text('ledger.period', 'period', { width: 70 }),
    col.text('ledger.funder', 'funderCode', { width: 110 }),
    col.text('accruals.bucket', 'bucket', { width: 110 }),
    col.enum('accruals.chargeType', 'chargeType', 'chargeType', { width: 100 }),
    col.count('accruals.overdueDays', 'overdueDays', { width: 100 }),
    col.money('accruals.amount', 'amount', { width: 130 }),
    col.money('accruals.total', 'total', { width: 130 }),
    col.optional('accruals.cappedBy', 'cappedBy', { width: 120 }),
    col.optional('accruals.rule', 'ruleLabel', { width: 180 }),
  ];

  return (
    <TitledCard
      heading={t('accruals.title')}
      extra={
        <Space wrap>
          <SavedViews />
          <ExportButton list="fee-accruals" filters={filters} />
        </Space>
      }
    >
      <SearchForm<FilterValues>
        form={form}
        layout="grid"
        label={t('accruals.title')}
        onSearch={search}
      >
        <Form.Item name="dates" label={t('accruals.dates')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="orderNo" label={t('ledger.orderNo')}>
          <Input allowClear />
        </Form.Item>
        <Form.Item name="funderCode" label={t('ledger.funder')}>
          <Select showSearch allowClear options={funders} />
        </Form.Item>
        <Form.Item name="bucket" label={t('accruals.bucket')}>
          <Select allowClear options={buckets} />
        </Form.Item>
        <Form.Item name="chargeType" label={t('accruals.chargeType')}>
          <Select allowClear options={chargeTypes} />
        </Form.Item>
      </SearchForm>
      <DataTable<Row>
        rowKey="id"
        size="middle"
        aria-label={t('accruals.title')}
        data-testid="accruals"
        loading={list.isLoading}
        dataSource={list.data?.items}
        empty={t('accruals.empty')}
        scroll={{ x: 1400 }}
        columns={columns}
        onRow={(r) => ({ onClick: () => setOpen(r), style: { cursor: 'pointer' } })}
      />
      <PageNav pages={pages} nextCursor={list.data?.nextCursor} busy={list.isFetching} />
      <DetailDrawer
        title={open ? t('accruals.detail', { id: open.id }) : ''}
        onClose={() => setOpen(null)}
        details={
          open && [
            { label: t('accruals.businessDate'), value: open.businessDate },
            { label: t('ledger.orderNo'), value: <LoanLink orderNo={open.orderNo} /> },
            { label: t('ledger.period'), value: open.period },
            { label: t('ledger.funder'), value: open.funderCode },
            { label: t('repayments.product'), value: open.productCode },
            { label: t('accruals.bucket'), value: open.bucket },
            { label: t('accruals.charge'), value: <code>{open.chargeId}</code> },
            { label: t('accruals.chargeType'), value: enumLabel(t, 'chargeType', open.chargeType) },
            { label: t('accruals.overdueDays'), value: open.overdueDays },
            { label: t('accruals.revision'), value: open.revision },
            { label: t('accruals.amount'), value: <Money value={open.amount} /> },
            { label: t('accruals.total'), value: <Money value={open.total} /> },
            { label: t('accruals.cappedBy'), value: open.cappedBy },
            { label: t('accruals.rule'), value: open.ruleLabel },
            { label: t('accruals.at'), value: shanghaiTime(open.at), wide: true },
          ]
        }
      />
    </TitledCard>
  );
}
