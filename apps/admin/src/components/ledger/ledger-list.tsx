'use client';
// 账务流水: the ledger's lines newest first under the search form's filters (effective dates,
// account or its kind, funder, loan, journal kind), keyset pages; a row opens its journal;
// 导出 CSV / Excel writes every line the filters find.
import { useQuery } from '@tanstack/react-query';
import { Alert, DatePicker, Form, Input, Select, Space } from 'antd';
import { useState } from 'react';
import {
  DataTable,
  ExportButton,
  PageNav,
  SavedViews,
  SearchForm,
  TitledCard,
  useAddressFilters,
  type FilterSpec,
  type FilterValues,
} from '@/components/kit';
import { useT } from '@/i18n';
import { useReferenceOptions } from '@/lib/options';
import { useTRPC, type RouterInputs } from '@/lib/trpc';
import { JournalDrawer } from './journal-drawer';
import { useLedgerColumns, type LedgerLine } from './ledger-columns';

type Filters = Omit<RouterInputs['ledger']['entries'], 'cursor' | 'limit'>;
const SPEC: FilterSpec = {
  keys: {
    from: 'date',
    to: 'date',
    accountKind: 'text',
    account: 'text',
    funderCode: 'text',
    orderNo: 'text',
    kind: 'text',
  },
  range: ['from', 'to'],
};
const PAGE = 50;

const options = (values: readonly string[]) => values.map((value) => ({ value, label: value }));

export function LedgerList() {
  const t = useT();
  const trpc = useTRPC();
  const { filters, form, pages, search, placeholder } = useAddressFilters<Filters>(SPEC);
  const [journalId, setJournalId] = useState<string | null>(null);
  const list = useQuery({
    ...trpc.ledger.entries.queryOptions({ ...filters, cursor: pages.cursor, limit: PAGE }),
    placeholderData: placeholder,
  });
  const choices = useQuery(trpc.ledger.choices.queryOptions());
  const { funders } = useReferenceOptions();
  const columns = useLedgerColumns();

  return (
    <TitledCard
      heading={t('ledger.title')}
      extra={
        <Space wrap>
          <SavedViews />
          <ExportButton list="ledger-entries" filters={filters} />
        </Space>
      }
    >
      <Alert type="info" showIcon title={t('ledger.help')} style={{ marginBottom: 16 }} />
      <SearchForm<FilterValues>
        form={form}
        layout="grid"
        label={t('ledger.title')}
        onSearch={search}
      >
        <Form.Item name="dates" label={t('ledger.dates')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="accountKind" label={t('ledger.accountKind')}>
          <Select showSearch allowClear options={options(choices.data?.accountKinds ?? [])} />
        </Form.Item>
        <Form.Item name="account" label={t('ledger.account')}>
          <Select
            showSearch
            allowClear
            options={options((choices.data?.accounts ?? []).map((a) => a.code))}
          />
        </Form.Item>
        <Form.Item name="funderCode" label={t('ledger.funder')}>
          <Select showSearch allowClear options={funders} />
        </Form.Item>
        <Form.Item name="orderNo" label={t('ledger.orderNo')}>
          <Input allowClear />
        </Form.Item>
        <Form.Item name="kind" label={t('ledger.kind')}>
          <Select showSearch allowClear options={options(choices.data?.kinds ?? [])} />
        </Form.Item>
      </SearchForm>
      <DataTable<LedgerLine>
        rowKey="id"
        size="middle"
        aria-label={t('ledger.title')}
        data-testid="ledger-lines"
        loading={list.isLoading}
        dataSource={list.data?.items}
        empty={t('ledger.empty')}
        scroll={{ x: 1400 }}
        columns={columns}
        onRow={(r) => ({ onClick: () => setJournalId(r.journalId), style: { cursor: 'pointer' } })}
      />
      <PageNav pages={pages} nextCursor={list.data?.nextCursor} busy={list.isFetching} />
      <JournalDrawer journalId={journalId} onClose={() => setJournalId(null)} />
    </TitledCard>
  );
}
