'use client';
// Loans: search form on top, table with status badges, keyset pagination (ant-design-pro anatomy).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import Link from 'next/link';
import { useState } from 'react';
import { StatusBadge } from '@/components/status';
import { enumLabel, useI18n } from '@/i18n';
import { shanghaiTime, yuan } from '@/lib/format';
import { businessLines, loanStatuses, useEnumOptions, useReferenceOptions } from '@/lib/options';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type LoanRow = RouterOutputs['loans']['list']['items'][number];
type ListInput = { orderNo?: string; funderCode?: string; productCode?: string; businessLine?: (typeof businessLines)[number]; status?: (typeof loanStatuses)[number]; dueFrom?: string; dueTo?: string };
interface SearchForm extends Omit<ListInput, 'dueFrom' | 'dueTo'> {
  due?: [Dayjs | null, Dayjs | null] | null;
}

const PAGE_SIZE = 20;

export default function LoansPage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [form] = Form.useForm<SearchForm>();
  const [filters, setFilters] = useState<ListInput>({});
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors.at(-1) ?? null;
  const list = useQuery({ ...trpc.loans.list.queryOptions({ ...filters, cursor, limit: PAGE_SIZE }), placeholderData: keepPreviousData });
  const reference = useReferenceOptions();
  const lineOptions = useEnumOptions('businessLine', businessLines);
  const statusOptions = useEnumOptions('loanStatus', loanStatuses);

  const search = (values: SearchForm) => {
    const { due, ...rest } = values;
    const clean = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined && v !== '')) as ListInput;
    setFilters({ ...clean, dueFrom: due?.[0]?.format('YYYY-MM-DD'), dueTo: due?.[1]?.format('YYYY-MM-DD') });
    setCursors([null]);
  };

  const columns: TableColumnsType<LoanRow> = [
    { title: t('loans.orderNo'), dataIndex: 'orderNo', fixed: 'left', width: 140, render: (orderNo: string) => <Link href={`/loans/${encodeURIComponent(orderNo)}`}>{orderNo}</Link> },
    { title: t('loans.businessLine'), dataIndex: 'businessLine', render: (v: string) => <Tag>{enumLabel(t, 'businessLine', v)}</Tag> },
    { title: t('loans.funder'), dataIndex: 'funderName' },
    { title: t('loans.product'), dataIndex: 'productName' },
    { title: t('loans.borrower'), dataIndex: 'borrowerName' },
    { title: t('loans.principal'), dataIndex: 'principal', align: 'right', render: (v: string) => <span className="money">{yuan(v)}</span> },
    { title: t('loans.outstanding'), dataIndex: 'outstandingPrincipal', align: 'right', render: (v: string) => <span className="money">{yuan(v)}</span> },
    { title: t('loans.term'), dataIndex: 'termMonths', align: 'right' },
    { title: t('loans.method'), dataIndex: 'repaymentMethod', render: (v: string) => enumLabel(t, 'method', v) },
    { title: t('loans.status'), dataIndex: 'status', render: (v: string) => <StatusBadge group="loanStatus" value={v} /> },
    { title: t('loans.paused'), dataIndex: 'paused', render: (p: LoanRow['paused']) => (p ? <Tag color="orange">{p.until}</Tag> : '-') },
    { title: t('loans.nextDue'), dataIndex: 'nextDueDate', render: (v: string | null) => v ?? '-' },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => shanghaiTime(v) },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Form<SearchForm> form={form} layout="vertical" onFinish={search}>
          <Row gutter={16}>
            <Col xs={24} md={8} xl={6}>
              <Form.Item label={t('loans.orderNo')} name="orderNo">
                <Input allowClear />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={6}>
              <Form.Item label={t('loans.funder')} name="funderCode">
                <Select allowClear options={reference.funders} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={6}>
              <Form.Item label={t('loans.product')} name="productCode">
                <Select allowClear options={reference.products} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={6}>
              <Form.Item label={t('loans.businessLine')} name="businessLine">
                <Select allowClear options={lineOptions} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={6}>
              <Form.Item label={t('loans.status')} name="status">
                <Select allowClear options={statusOptions} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={6}>
              <Form.Item label={t('loans.dueRange')} name="due">
                <DatePicker.RangePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} xl={12} style={{ display: 'flex', alignItems: 'flex-end', justifyContent: 'flex-end', paddingBottom: 24 }}>
              <Space>
                <Button onClick={() => { form.resetFields(); search({}); }}>{t('common.reset')}</Button>
                <Button type="primary" htmlType="submit">{t('common.search')}</Button>
              </Space>
            </Col>
          </Row>
        </Form>
      </Card>
      <Card title={t('loans.title')}>
        <Table<LoanRow>
          rowKey="orderNo"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          pagination={false}
          scroll={{ x: 1400 }}
          locale={{ emptyText: t('loans.empty') }}
        />
        <Space style={{ marginTop: 16, display: 'flex', justifyContent: 'flex-end' }}>
          <Typography.Text type="secondary">{cursors.length}</Typography.Text>
          <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>{t('common.prev')}</Button>
          <Button disabled={!list.data?.nextCursor} onClick={() => setCursors((c) => [...c, list.data?.nextCursor ?? null])}>{t('common.next')}</Button>
        </Space>
      </Card>
    </Space>
  );
}
