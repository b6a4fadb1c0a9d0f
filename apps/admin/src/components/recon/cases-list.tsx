'use client';
// 差错处理: the differences reconciliation found, newest first, 50 at a time, filtered by
// channel, business date, kind (长款, 短款, 差错) and status; the page opens on those still
// open, or on a channel's day when it comes from the overview. A row opens the case.
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { Alert, DatePicker, Form, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { KeysetTable, nextCursorPaging, SearchForm, TitledCard } from '@/components/kit';
import { useT } from '@/i18n';
import { useEnumOptions } from '@/lib/options';
import { useTRPC, type RouterInputs } from '@/lib/trpc';
import { RECON_CASE_KINDS, RECON_CASE_STATUSES } from '@repay/rules/vocabulary';
import { CaseDrawer } from './case-drawer';
import { useCaseColumns, type ReconCase } from './case-columns';
import { useChannelOptions } from './recon-options';

type Filters = Omit<RouterInputs['recon']['cases'], 'cursor' | 'limit'>;
interface SearchValues {
  channel?: string;
  date?: Dayjs | null;
  kind?: Filters['kind'];
  status?: Filters['status'];
}

function toFilters(v: SearchValues): Filters {
  const next: Filters = {};
  if (v.channel) next.channel = v.channel;
  if (v.date) next.date = v.date.format('YYYY-MM-DD');
  if (v.kind) next.kind = v.kind;
  if (v.status) next.status = v.status;
  return next;
}

export function CasesList() {
  const t = useT();
  const trpc = useTRPC();
  const search = useSearchParams();
  const channel = search.get('channel') ?? undefined;
  const date = search.get('date');
  // From the overview: that channel's day, every status; otherwise what still needs someone.
  const initial: SearchValues =
    channel || date
      ? { channel, date: date && dayjs(date).isValid() ? dayjs(date) : undefined }
      : { status: 'open' };
  const [form] = Form.useForm<SearchValues>();
  const [filters, setFilters] = useState<Filters>(() => toFilters(initial));
  const [open, setOpen] = useState<string | null>(null);
  const list = useInfiniteQuery({
    ...trpc.recon.cases.infiniteQueryOptions({ ...filters, limit: 50 }, nextCursorPaging),
    placeholderData: keepPreviousData,
  });
  const columns = useCaseColumns();
  const channels = useChannelOptions();
  const kinds = useEnumOptions('reconCaseKind', RECON_CASE_KINDS);
  const statuses = useEnumOptions('reconCaseStatus', RECON_CASE_STATUSES);
  const select = (label: string, options: { value: string; label: string }[], width: number) => (
    <Select placeholder={label} aria-label={label} options={options} allowClear style={{ width }} />
  );

  return (
    <TitledCard heading={t('recon.casesTitle')}>
      <Alert type="info" showIcon title={t('recon.casesHelp')} style={{ marginBottom: 16 }} />
      <SearchForm<SearchValues>
        form={form}
        layout="inline"
        label={t('recon.search')}
        initialValues={initial}
        onSearch={(v) => setFilters(toFilters(v))}
      >
        <Form.Item name="channel">{select(t('recon.channel'), channels, 200)}</Form.Item>
        <Form.Item name="date">
          <DatePicker
            placeholder={t('recon.businessDate')}
            aria-label={t('recon.businessDate')}
            allowClear
          />
        </Form.Item>
        <Form.Item name="kind">{select(t('recon.kind'), kinds, 120)}</Form.Item>
        <Form.Item name="status">{select(t('common.status'), statuses, 120)}</Form.Item>
      </SearchForm>
      <KeysetTable<ReconCase>
        list={list}
        rowKey="id"
        aria-label={t('recon.casesTitle')}
        data-testid="recon-cases"
        empty={t('recon.noCases')}
        scroll={{ x: 1400 }}
        onRow={(c) => ({ onClick: () => setOpen(c.id), style: { cursor: 'pointer' } })}
        columns={columns}
      />
      <CaseDrawer caseId={open} onClose={() => setOpen(null)} />
    </TitledCard>
  );
}
