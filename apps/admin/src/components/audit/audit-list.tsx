'use client';
// 审计日志: audit rows newest first under the search form's filters (actor, its kind, action or
// its prefix, entity type and id, dates in Asia/Shanghai), keyset pages; a row opens its diff;
// 导出 CSV / Excel writes every row the filters find.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, DatePicker, Form, Input, Select } from 'antd';
import type { Dayjs } from 'dayjs';
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
import { useEnumOptions } from '@/lib/options';
import { useTRPC, type RouterInputs } from '@/lib/trpc';
import { ACTOR_TYPES } from '@repay/rules/vocabulary';
import { useAuditColumns, type AuditRow } from './audit-columns';
import { AuditDrawer } from './audit-drawer';

type Filters = Omit<RouterInputs['audit']['list'], 'cursor' | 'limit'>;
interface SearchValues {
  actor?: string;
  actorType?: Filters['actorType'];
  action?: string;
  entityType?: string;
  entityId?: string;
  dates?: [Dayjs | null, Dayjs | null] | null;
}
const PAGE = 20;

/** The search form's values as the engine's filters (empty fields left out). */
export function auditFilters(v: SearchValues): Filters {
  const next: Filters = {};
  for (const key of ['actor', 'action', 'entityType', 'entityId'] as const) {
    const value = v[key]?.trim();
    if (value) next[key] = value;
  }
  if (v.actorType) next.actorType = v.actorType;
  if (v.dates?.[0]) next.from = v.dates[0].format('YYYY-MM-DD');
  if (v.dates?.[1]) next.to = v.dates[1].format('YYYY-MM-DD');
  return next;
}

export function AuditList() {
  const t = useT();
  const trpc = useTRPC();
  const [form] = Form.useForm<SearchValues>();
  const [filters, setFilters] = useState<Filters>({});
  const pages = useCursorPages();
  const [open, setOpen] = useState<AuditRow | null>(null);
  const list = useQuery({
    ...trpc.audit.list.queryOptions({ ...filters, cursor: pages.cursor, limit: PAGE }),
    placeholderData: keepPreviousData,
  });
  const entityTypes = useQuery(trpc.audit.entityTypes.queryOptions());
  const columns = useAuditColumns();
  const actorTypes = useEnumOptions('actorType', ACTOR_TYPES);

  return (
    <TitledCard
      heading={t('audit.title')}
      extra={<ExportButton list="audit-log" filters={filters} />}
    >
      <Alert type="info" showIcon title={t('audit.help')} style={{ marginBottom: 16 }} />
      <SearchForm<SearchValues>
        form={form}
        layout="grid"
        label={t('audit.title')}
        onSearch={(v) => {
          setFilters(auditFilters(v));
          pages.reset();
        }}
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
