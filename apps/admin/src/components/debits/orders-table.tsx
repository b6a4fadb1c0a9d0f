'use client';
// Debit orders with the console's filters and keyset pages; a row opens the order's story.
// `review` shows the manual review queue (orders the channels never answered).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Form, Input, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { StatusBadge } from '@/components/status';
import { enumLabel, useT } from '@/i18n';
import { shanghaiTime, yuan } from '@/lib/format';
import { businessLines, useEnumOptions, useReferenceOptions } from '@/lib/options';
import { useTRPC, type RouterInputs, type RouterOutputs } from '@/lib/trpc';
import { CHANNEL_RESULT_CLASSES, DEBIT_STATUSES } from '@repay/rules/vocabulary';
import { OrderDrawer } from './order-drawer';

type Row = RouterOutputs['debits']['orders']['items'][number];
type Filters = Omit<RouterInputs['debits']['orders'], 'cursor' | 'limit'>;
interface SearchForm extends Omit<Filters, 'businessDate'> {
  businessDate?: Dayjs | null;
}
const PAGE = 20;

export function OrdersTable({ review = false }: { review?: boolean }) {
  const t = useT();
  const trpc = useTRPC();
  const [form] = Form.useForm<SearchForm>();
  const [filters, setFilters] = useState<Filters>(review ? { status: 'manual_review' } : {});
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [open, setOpen] = useState<string | null>(null);
  const cursor = cursors.at(-1) ?? null;
  const list = useQuery({
    ...trpc.debits.orders.queryOptions({ ...filters, cursor, limit: PAGE }),
    placeholderData: keepPreviousData,
    refetchInterval: 5000,
  });
  const { funders, products } = useReferenceOptions();
  const statusOptions = useEnumOptions('debitStatus', DEBIT_STATUSES);
  const classOptions = useEnumOptions('resultClass', CHANNEL_RESULT_CLASSES);
  const lineOptions = useEnumOptions('businessLine', businessLines);

  const search = (v: SearchForm) => {
    const next: Filters = {};
    for (const [k, value] of Object.entries(v))
      if (value && k !== 'businessDate') (next as Record<string, unknown>)[k] = value;
    if (v.businessDate) next.businessDate = v.businessDate.format('YYYY-MM-DD');
    if (review) next.status = 'manual_review';
    setFilters(next);
    setCursors([null]);
  };

  return (
    <Card>
      {!review && (
        <Form
          form={form}
          layout="inline"
          onFinish={search}
          style={{ rowGap: 12, marginBottom: 16 }}
        >
          <Form.Item name="orderNo">
            <Input placeholder={t('debits.orderNo')} allowClear />
          </Form.Item>
          <Form.Item name="businessDate">
            <DatePicker placeholder={t('debits.date')} />
          </Form.Item>
          <Form.Item name="window">
            <Input placeholder={t('debits.window')} style={{ width: 90 }} allowClear />
          </Form.Item>
          <Form.Item name="channel">
            <Input placeholder={t('debits.channel')} style={{ width: 120 }} allowClear />
          </Form.Item>
          <Form.Item name="status">
            <Select
              placeholder={t('debits.status')}
              options={statusOptions}
              allowClear
              style={{ width: 120 }}
            />
          </Form.Item>
          <Form.Item name="resultClass">
            <Select
              placeholder={t('debits.resultClass')}
              options={classOptions}
              allowClear
              style={{ width: 140 }}
            />
          </Form.Item>
          <Form.Item name="funderCode">
            <Select
              placeholder={t('debits.funder')}
              options={funders}
              allowClear
              style={{ width: 160 }}
            />
          </Form.Item>
          <Form.Item name="productCode">
            <Select
              placeholder={t('loans.product')}
              options={products}
              allowClear
              style={{ width: 160 }}
            />
          </Form.Item>
          <Form.Item name="businessLine">
            <Select
              placeholder={t('debits.businessLine')}
              options={lineOptions}
              allowClear
              style={{ width: 120 }}
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
                  search({});
                }}
              >
                {t('common.reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
      )}
      <Table<Row>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={false}
        scroll={{ x: 1300 }}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: t('debits.orderNo'),
            dataIndex: 'orderNo',
            render: (v: string) => <Typography.Link>{v}</Typography.Link>,
          },
          { title: t('debits.period'), dataIndex: 'period', align: 'right', width: 70 },
          { title: t('debits.amount'), dataIndex: 'amount', align: 'right', render: yuan },
          { title: t('debits.date'), dataIndex: 'businessDate', width: 110 },
          { title: t('debits.window'), dataIndex: 'window', width: 80 },
          { title: t('debits.channel'), dataIndex: 'channel' },
          {
            title: t('debits.status'),
            dataIndex: 'status',
            render: (v: string) => <StatusBadge group="debitStatus" value={v} />,
          },
          {
            title: t('debits.resultClass'),
            dataIndex: 'resultClass',
            render: (v: string | null) => (v ? enumLabel(t, 'resultClass', v) : '—'),
          },
          {
            title: t('debits.rawCode'),
            dataIndex: 'rawCode',
            render: (v: string | null, r) =>
              v ? (
                <span title={r.rawMessage ?? ''}>
                  <code>{v}</code> {r.rawMessage}
                </span>
              ) : (
                '—'
              ),
          },
          { title: t('debits.queries'), dataIndex: 'queryAttempts', align: 'right', width: 90 },
          { title: t('debits.createdAt'), dataIndex: 'createdAt', render: shanghaiTime },
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t('common.prev')}
        </Button>
        <Button
          disabled={!list.data?.nextCursor}
          onClick={() => setCursors((c) => [...c, list.data!.nextCursor])}
        >
          {t('common.next')}
        </Button>
      </Space>
      <OrderDrawer id={open} onClose={() => setOpen(null)} />
    </Card>
  );
}
