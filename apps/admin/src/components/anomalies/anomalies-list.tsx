'use client';
// 异常: channel anomalies newest first, 50 at a time, with filters (kind, status, channel, the
// dates they were recorded, loan); a row opens its evidence. With `orderNo` it is the loan
// page's list of that loan's anomalies (no search form).
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { Alert, DatePicker, Form, Input, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { KeysetTable, nextCursorPaging, SearchForm, TitledCard } from '@/components/kit';
import { useT } from '@/i18n';
import { useEnumOptions } from '@/lib/options';
import { useTRPC, type RouterInputs } from '@/lib/trpc';
import { ANOMALY_KINDS, ANOMALY_STATUSES } from '@repay/rules/vocabulary';
import { useAnomalyColumns, type AnomalyRow } from './anomaly-columns';
import { AnomalyDrawer } from './anomaly-drawer';

type Filters = Omit<RouterInputs['anomalies']['list'], 'cursor' | 'limit'>;
interface SearchValues {
  kind?: Filters['kind'];
  status?: Filters['status'];
  channel?: string;
  orderNo?: string;
  dates?: [Dayjs | null, Dayjs | null] | null;
}

function toFilters(v: SearchValues): Filters {
  const next: Filters = {};
  if (v.kind) next.kind = v.kind;
  if (v.status) next.status = v.status;
  if (v.channel?.trim()) next.channel = v.channel.trim();
  if (v.orderNo?.trim()) next.orderNo = v.orderNo.trim();
  if (v.dates?.[0]) next.from = v.dates[0].format('YYYY-MM-DD');
  if (v.dates?.[1]) next.to = v.dates[1].format('YYYY-MM-DD');
  return next;
}

export function AnomaliesList({ orderNo }: { orderNo?: string }) {
  const t = useT();
  const trpc = useTRPC();
  const [form] = Form.useForm<SearchValues>();
  // The page opens on what still needs someone.
  const [filters, setFilters] = useState<Filters>(orderNo ? { orderNo } : { status: 'open' });
  const [open, setOpen] = useState<string | null>(null);
  const list = useInfiniteQuery({
    ...trpc.anomalies.list.infiniteQueryOptions({ ...filters, limit: 50 }, nextCursorPaging),
    placeholderData: keepPreviousData,
  });
  const columns = useAnomalyColumns(!orderNo);
  const kindOptions = useEnumOptions('anomalyKind', ANOMALY_KINDS);
  const statusOptions = useEnumOptions('anomalyStatus', ANOMALY_STATUSES);

  const table = (
    <>
      <KeysetTable<AnomalyRow>
        list={list}
        rowKey="id"
        size={orderNo ? 'small' : 'middle'}
        aria-label={t('anomalies.title')}
        data-testid={orderNo ? 'loan-anomalies' : 'anomalies'}
        empty={t('anomalies.empty')}
        scroll={{ x: 1200 }}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        columns={columns}
      />
      <AnomalyDrawer id={open} onClose={() => setOpen(null)} />
    </>
  );

  if (orderNo) return table;
  const select = (label: string, options: { value: string; label: string }[], width: number) => (
    <Select placeholder={label} aria-label={label} options={options} allowClear style={{ width }} />
  );
  return (
    <TitledCard heading={t('anomalies.title')}>
      <Alert type="info" showIcon title={t('anomalies.help')} style={{ marginBottom: 16 }} />
      <SearchForm<SearchValues>
        form={form}
        layout="inline"
        initialValues={{ status: 'open' }}
        onSearch={(v) => setFilters(toFilters(v))}
      >
        <Form.Item name="kind">{select(t('anomalies.kind'), kindOptions, 160)}</Form.Item>
        <Form.Item name="status">{select(t('anomalies.status'), statusOptions, 120)}</Form.Item>
        <Form.Item name="channel">
          <Input placeholder={t('anomalies.channel')} allowClear style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="orderNo">
          <Input placeholder={t('anomalies.orderNo')} allowClear style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="dates">
          <DatePicker.RangePicker
            allowEmpty={[true, true]}
            aria-label={t('anomalies.dates')}
            placeholder={[t('anomalies.dates'), t('anomalies.dates')]}
          />
        </Form.Item>
      </SearchForm>
      {table}
    </TitledCard>
  );
}
