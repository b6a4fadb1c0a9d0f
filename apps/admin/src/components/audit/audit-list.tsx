'use client';
// 审计日志: audit rows newest first under the search form's filters (actor, its kind, action or
// its prefix, entity type and id, dates in Asia/Shanghai), keyset pages; a row opens its diff;
// 导出 CSV / Excel writes every row the filters find.
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
import { useEnumOptions } from '@/lib/options';
import { useTRPC, type RouterInputs } from '@/lib/trpc';
import { ACTOR_TYPES } from '@repay/rules/vocabulary';
import { useAuditColumns, type AuditRow } from './audit-columns';
import { AuditDrawer } from './audit-drawer';

type Filters = Omit<RouterInputs['audit']['list'], 'cursor' | 'limit'>;
const SPEC: FilterSpec = {
  keys: {
    actor: 'text',
    actorType: ACTOR_TYPES,
    action: 'text',
    entityType: 'text',
    entityId: 'text',
    from: 'date',
    to: 'date',
  },
  range: ['from', 'to'],
};
const PAGE = 20;

export function AuditList() {
  const t = useT();
  const trpc = useTRPC();
  const { filters, form, pages, search, placeholder } = useAddressFilters<Filters>(SPEC);
  const [open, setOpen] = useState<AuditRow | null>(null);
  const list = useQuery({
    ...trpc.audit.list.queryOptions({ ...filters, cursor: pages.cursor, limit: PAGE }),
    placeholderData: placeholder,
  });
  const entityTypes = useQuery(trpc.audit.entityTypes.queryOptions());
  const columns = useAuditColumns();
  const actorTypes = useEnumOptions('actorType', ACTOR_TYPES);

  return (
    <TitledCard
      heading={t('audit.title')}
      extra={
        <Space wrap>
          <SavedViews />
          <ExportButton list="audit-log" filters={filters} />
        </Space>
      }
    >
      <Alert type="info" showIcon title={t('audit.help')} style={{ marginBottom: 16 }} />
      <SearchForm<FilterValues>
        form={form}
        layout="grid"
        label={t('audit.title')}
        onSearch={search}
      >
        <Form.Item name="actor" label={t('audit.actor')}>
          <Input allowClear placeholder={t('audit.actorPlaceholder')} />
        </Form.Item>
        <Form.Item name="actorType" label={t('audit.actorType')}>
          <Select options={actorTypes} allowClear />
        </Form.Item>
        <Form.Item name="action" label={t('audit.action')}>
          <Input allowClear placeholder={t('audit.actionPlaceholder')} />
        </Form.Item>
        <Form.Item name="entityType" label={t('audit.entityType')}>
          <Select
            showSearch
            allowClear
            options={(entityTypes.data ?? []).map((type) => ({ value: type, label: type }))}
          />
        </Form.Item>
        <Form.Item name="entityId" label={t('audit.entityId')}>
          <Input allowClear />
        </Form.Item>
        <Form.Item name="dates" label={t('audit.dates')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
        </Form.Item>
      </SearchForm>
      <DataTable<AuditRow>
        rowKey="id"
        size="middle"
        aria-label={t('audit.title')}
        data-testid="audit-log"
        loading={list.isLoading}
        dataSource={list.data?.items}
        empty={t('audit.empty')}
        scroll={{ x: 1000 }}
        columns={columns}
        onRow={(r) => ({ onClick: () => setOpen(r), style: { cursor: 'pointer' } })}
      />
      <PageNav pages={pages} nextCursor={list.data?.nextCursor} busy={list.isFetching} />
      <AuditDrawer row={open} onClose={() => setOpen(null)} />
    </TitledCard>
  );
}
