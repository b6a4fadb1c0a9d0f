'use client';
// 规则版本: every version of every rule, newest first, under the search form's filters (kind,
// status, scope, a user as author or reviewer, the dates written); keyset pages; a row opens its
// details with a link to its rule; 导出 CSV / Excel writes every version the filters find.
import { useQuery } from '@tanstack/react-query';
import { DatePicker, Form, Input, Select, Space, type TableColumnsType } from 'antd';
import Link from 'next/link';
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
import { enumLabel, useT } from '@/i18n';
import { shanghaiTime } from '@/lib/format';
import { useEnumOptions } from '@/lib/options';
import { useTRPC, type RouterInputs, type RouterOutputs } from '@/lib/trpc';
import { RULE_KINDS, RULE_SCOPES, RULE_VERSION_STATUSES } from '@repay/rules/vocabulary';
import { DetailDrawer } from './detail-drawer';

type Filters = Omit<RouterInputs['ruleVersions']['list'], 'cursor' | 'limit'>;
type Row = RouterOutputs['ruleVersions']['list']['items'][number];
const SPEC: FilterSpec = {
  keys: {
    kind: RULE_KINDS,
    status: RULE_VERSION_STATUSES,
    scopeType: RULE_SCOPES,
    user: 'text',
    from: 'date',
    to: 'date',
  },
  range: ['from', 'to'],
};
const PAGE = 50;

export function RuleVersionsList() {
  const t = useT();
  const trpc = useTRPC();
  const col = useColumns<Row>();
  const { filters, form, pages, search, placeholder } = useAddressFilters<Filters>(SPEC);
  const [open, setOpen] = useState<Row | null>(null);
  const list = useQuery({
    ...trpc.ruleVersions.list.queryOptions({ ...filters, cursor: pages.cursor, limit: PAGE }),
    placeholderData: placeholder,
  });
  const kinds = useEnumOptions('ruleKind', RULE_KINDS);
  const statuses = useEnumOptions('ruleStatus', RULE_VERSION_STATUSES);
  const scopes = useEnumOptions('ruleScope', RULE_SCOPES);
  const columns: TableColumnsType<Row> = [
    col.time('ruleVersions.createdAt', 'createdAt', { width: 170 }),
    col.enum('ruleVersions.kind', 'kind', 'ruleKind', { width: 110 }),
    col.text('ruleVersions.name', 'name', { width: 200 }),
    {
      title: t('ruleVersions.scope'),
      dataIndex: 'scopeType',
      width: 170,
      render: (scope: string, r) =>
        `${enumLabel(t, 'ruleScope', scope)}${r.scopeKey === '*' ? '' : ` · ${r.scopeKey}`}`,
    },
    col.text('ruleVersions.versionNo', 'versionNo', { width: 80 }),
    col.enum('ruleVersions.status', 'status', 'ruleStatus', { width: 100 }),
    col.optional('ruleVersions.author', 'author', { width: 100 }),
    col.optional('ruleVersions.reviewer', 'reviewer', { width: 100 }),
    col.time('ruleVersions.reviewedAt', 'reviewedAt', { width: 170 }),
    col.time('ruleVersions.publishedAt', 'publishedAt', { width: 170 }),
  ];

  return (
    <TitledCard
      heading={t('ruleVersions.title')}
      extra={
        <Space wrap>
          <SavedViews />
          <ExportButton list="rule-versions" filters={filters} />
        </Space>
      }
    >
      <SearchForm<FilterValues>
        form={form}
        layout="grid"
        label={t('ruleVersions.title')}
        onSearch={search}
      >
        <Form.Item name="kind" label={t('ruleVersions.kind')}>
          <Select allowClear options={kinds} />
        </Form.Item>
        <Form.Item name="status" label={t('ruleVersions.status')}>
          <Select allowClear options={statuses} />
        </Form.Item>
        <Form.Item name="scopeType" label={t('ruleVersions.scope')}>
          <Select allowClear options={scopes} />
        </Form.Item>
        <Form.Item name="user" label={t('ruleVersions.user')}>
          <Input allowClear placeholder={t('ruleVersions.userPlaceholder')} />
        </Form.Item>
        <Form.Item name="dates" label={t('ruleVersions.dates')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
        </Form.Item>
      </SearchForm>
      <DataTable<Row>
        rowKey="id"
        size="middle"
        aria-label={t('ruleVersions.title')}
        data-testid="rule-versions"
        loading={list.isLoading}
        dataSource={list.data?.items}
        empty={t('ruleVersions.empty')}
        scroll={{ x: 1500 }}
        columns={columns}
        onRow={(r) => ({ onClick: () => setOpen(r), style: { cursor: 'pointer' } })}
      />
      <PageNav pages={pages} nextCursor={list.data?.nextCursor} busy={list.isFetching} />
      <DetailDrawer
        title={open ? t('ruleVersions.detail', { name: open.name, no: open.versionNo }) : ''}
        onClose={() => setOpen(null)}
        details={
          open && [
            {
              label: t('ruleVersions.name'),
              value: <Link href={`/rules/${open.ruleSetId}`}>{open.name}</Link>,
            },
            { label: t('ruleVersions.kind'), value: enumLabel(t, 'ruleKind', open.kind) },
            {
              label: t('ruleVersions.scope'),
              value: `${enumLabel(t, 'ruleScope', open.scopeType)} · ${open.scopeKey}`,
            },
            { label: t('ruleVersions.versionNo'), value: open.versionNo },
            { label: t('ruleVersions.status'), value: enumLabel(t, 'ruleStatus', open.status) },
            { label: t('ruleVersions.note'), value: open.note, wide: true },
            { label: t('ruleVersions.author'), value: open.author ?? t('ruleVersions.system') },
            { label: t('ruleVersions.createdAt'), value: shanghaiTime(open.createdAt) },
            { label: t('ruleVersions.submittedAt'), value: shanghaiTime(open.submittedAt) },
            { label: t('ruleVersions.reviewer'), value: open.reviewer },
            { label: t('ruleVersions.reviewedAt'), value: shanghaiTime(open.reviewedAt) },
            { label: t('ruleVersions.reviewNote'), value: open.reviewNote, wide: true },
            {
              label: t('ruleVersions.publishedMode'),
              value: open.publishedMode && enumLabel(t, 'publicationMode', open.publishedMode),
            },
            { label: t('ruleVersions.publishedAt'), value: shanghaiTime(open.publishedAt) },
          ]
        }
      />
    </TitledCard>
  );
}
