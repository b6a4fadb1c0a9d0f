'use client';
// 异常: channel anomalies newest first, 50 at a time, with filters (kind, status, channel, the
// dates they were recorded, loan); a row opens its evidence. With `orderNo` it is the loan
// page's list of that loan's anomalies (no search form).
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import Link from 'next/link';
import { useState } from 'react';
import { LoadMore } from '@/components/load-more';
import { EnumTag, StatusBadge } from '@/components/status';
import { useT } from '@/i18n';
import { shanghaiTime, yuan } from '@/lib/format';
import { useEnumOptions } from '@/lib/options';
import { useTRPC, type RouterInputs, type RouterOutputs } from '@/lib/trpc';
import { ANOMALY_KINDS, ANOMALY_STATUSES } from '@repay/rules/vocabulary';
import { AnomalyDrawer } from './anomaly-drawer';

type Row = RouterOutputs['anomalies']['list']['items'][number];
type Filters = Omit<RouterInputs['anomalies']['list'], 'cursor' | 'limit'>;
interface SearchForm {
  kind?: Filters['kind'];
  status?: Filters['status'];
  channel?: string;
  orderNo?: string;
  dates?: [Dayjs | null, Dayjs | null] | null;
}

export function AnomaliesList({ orderNo }: { orderNo?: string }) {
  const t = useT();
  const trpc = useTRPC();
  const [form] = Form.useForm<SearchForm>();
  // The page opens on what still needs someone.
  const [filters, setFilters] = useState<Filters>(orderNo ? { orderNo } : { status: 'open' });
  const [open, setOpen] = useState<string | null>(null);
  const list = useInfiniteQuery({
    ...trpc.anomalies.list.infiniteQueryOptions(
      { ...filters, limit: 50 },
      { getNextPageParam: (last) => last.nextCursor },
    ),
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const kindOptions = useEnumOptions('anomalyKind', ANOMALY_KINDS);
  const statusOptions = useEnumOptions('anomalyStatus', ANOMALY_STATUSES);

  const search = (v: SearchForm) => {
    const next: Filters = {};
    if (v.kind) next.kind = v.kind;
    if (v.status) next.status = v.status;
    if (v.channel?.trim()) next.channel = v.channel.trim();
    if (v.orderNo?.trim()) next.orderNo = v.orderNo.trim();
    if (v.dates?.[0]) next.from = v.dates[0].format('YYYY-MM-DD');
    if (v.dates?.[1]) next.to = v.dates[1].format('YYYY-MM-DD');
    setFilters(next);
  };

  const table = (
    <>
      <Table<Row>
        rowKey="id"
        size={orderNo ? 'small' : 'middle'}
        aria-label={t('anomalies.title')}
        data-testid={orderNo ? 'loan-anomalies' : 'anomalies'}
        loading={list.isFetching && !list.isFetchingNextPage}
        dataSource={rows}
        locale={{ emptyText: t('anomalies.empty') }}
        pagination={false}
        scroll={{ x: 1200 }}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('anomalies.createdAt'), dataIndex: 'createdAt', render: shanghaiTime },
          {
            title: t('anomalies.kind'),
            dataIndex: 'kind',
            render: (v: string) => <EnumTag group="anomalyKind" value={v} />,
          },
          {
            title: t('anomalies.status'),
            dataIndex: 'status',
            render: (v: string) => <StatusBadge group="anomalyStatus" value={v} />,
          },
          {
            title: t('anomalies.channel'),
            dataIndex: 'channel',
            render: (v: string | null) => v ?? '—',
          },
          ...(orderNo
            ? []
            : [
                {
                  title: t('anomalies.orderNo'),
                  dataIndex: 'orderNo',
                  render: (v: string | null) =>
                    v ? (
                      <Link
                        href={`/loans/${encodeURIComponent(v)}?tab=anomalies`}
                        onClick={(e) => e.stopPropagation()}
                      >
                        {v}
                      </Link>
                    ) : (
                      '—'
                    ),
                },
              ]),
          {
            title: t('anomalies.orderKey'),
            dataIndex: 'orderKey',
            render: (v: string | null) => (v ? <Typography.Text code>{v}</Typography.Text> : '—'),
          },
          {
            title: t('anomalies.period'),
            dataIndex: 'period',
            align: 'right',
            render: (v: number | null) => v ?? '—',
          },
          { title: t('anomalies.amount'), dataIndex: 'amount', align: 'right', render: yuan },
          {
            title: t('anomalies.handledReason'),
            dataIndex: 'handledReason',
            render: (v: string | null) => v ?? '—',
          },
        ]}
      />
      <LoadMore {...list} />
      <AnomalyDrawer id={open} onClose={() => setOpen(null)} />
    </>
  );

  if (orderNo) return table;
  return (
    <Card title={<h1 className="page-title">{t('anomalies.title')}</h1>}>
      <Alert type="info" showIcon title={t('anomalies.help')} style={{ marginBottom: 16 }} />
      <Form
        form={form}
        layout="inline"
        onFinish={search}
        initialValues={{ status: 'open' }}
        style={{ rowGap: 12, marginBottom: 16 }}
      >
        <Form.Item name="kind">
          <Select
            placeholder={t('anomalies.kind')}
            aria-label={t('anomalies.kind')}
            options={kindOptions}
            allowClear
            style={{ width: 160 }}
          />
        </Form.Item>
        <Form.Item name="status">
          <Select
            placeholder={t('anomalies.status')}
            aria-label={t('anomalies.status')}
            options={statusOptions}
            allowClear
            style={{ width: 120 }}
          />
        </Form.Item>
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
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                search(form.getFieldsValue());
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {table}
    </Card>
  );
}
