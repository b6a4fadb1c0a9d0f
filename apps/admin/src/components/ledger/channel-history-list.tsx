'use client';
// 通道配置历史: every change to a channel (status switches, configuration changes of limits,
// costs and concurrency, circuit moves), newest first, under the search form's filters; keyset
// pages; a row opens its change as before and after (the audit log's drawer); 导出 CSV / Excel.
import { useQuery } from '@tanstack/react-query';
import { DatePicker, Form, Input, Select, Space, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { AuditDrawer } from '@/components/audit/audit-drawer';
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
import { useEnumOptions } from '@/lib/options';
import { useTRPC, type RouterInputs, type RouterOutputs } from '@/lib/trpc';

type Filters = Omit<RouterInputs['channels']['history'], 'cursor' | 'limit'>;
type Row = RouterOutputs['channels']['history']['items'][number];
const CHANGES = ['status', 'config', 'circuit'] as const;
const SPEC: FilterSpec = {
  keys: { channel: 'text', change: CHANGES, actor: 'text', from: 'date', to: 'date' },
  range: ['from', 'to'],
};
const PAGE = 50;

export function ChannelHistoryList() {
  const t = useT();
  const trpc = useTRPC();
  const col = useColumns<Row>();
  const { filters, form, pages, search, placeholder } = useAddressFilters<Filters>(SPEC);
  const [open, setOpen] = useState<Row | null>(null);
  const list = useQuery({
    ...trpc.channels.history.queryOptions({ ...filters, cursor: pages.cursor, limit: PAGE }),
    placeholderData: placeholder,
  });
  const channels = useQuery(trpc.channels.list.queryOptions());
  const changes = useEnumOptions('channelChange', CHANGES);
  const columns: TableColumnsType<Row> = [
    col.time('audit.at', 'at', { width: 170 }),
    col.code('channelHistory.channel', 'entityId', { width: 130 }),
    {
      title: t('channelHistory.change'),
      dataIndex: 'action',
      width: 120,
      render: (action: string) => enumLabel(t, 'channelChange', action.replace('channel.', '')),
    },
    col.text('audit.actor', 'actor', { width: 140 }),
    col.optional('audit.reason', 'reason', { ellipsis: true }),
  ];

  return (
    <TitledCard
      heading={t('channelHistory.title')}
      extra={
        <Space wrap>
          <SavedViews />
          <ExportButton list="channel-history" filters={filters} />
        </Space>
      }
    >
      <SearchForm<FilterValues>
        form={form}
        layout="grid"
        label={t('channelHistory.title')}
        onSearch={search}
      >
        <Form.Item name="channel" label={t('channelHistory.channel')}>
          <Select
            allowClear
            showSearch
            options={(channels.data ?? []).map((c) => ({ value: c.code, label: c.code }))}
          />
        </Form.Item>
        <Form.Item name="change" label={t('channelHistory.change')}>
          <Select allowClear options={changes} />
        </Form.Item>
        <Form.Item name="actor" label={t('audit.actor')}>
          <Input allowClear placeholder={t('audit.actorPlaceholder')} />
        </Form.Item>
        <Form.Item name="dates" label={t('audit.dates')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
        </Form.Item>
      </SearchForm>
      <DataTable<Row>
        rowKey="id"
        size="middle"
        aria-label={t('channelHistory.title')}
        data-testid="channel-history"
        loading={list.isLoading}
        dataSource={list.data?.items}
        empty={t('channelHistory.empty')}
        scroll={{ x: 900 }}
        columns={columns}
        onRow={(r) => ({ onClick: () => setOpen(r), style: { cursor: 'pointer' } })}
      />
      <PageNav pages={pages} nextCursor={list.data?.nextCursor} busy={list.isFetching} />
      <AuditDrawer row={open} onClose={() => setOpen(null)} />
    </TitledCard>
  );
}
