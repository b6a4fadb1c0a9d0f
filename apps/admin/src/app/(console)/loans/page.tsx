'use client';
// Loans (ant-design-pro list anatomy): search form on top, table with status badges, keyset
// pagination with the engine's nextCursor (a stack of cursors gives "previous").
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import type { Dayjs } from 'dayjs';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { EnumTag, StatusBadge } from '@/components/status';
import { enumLabel, useT } from '@/i18n';
import { shanghaiTime, yuan } from '@/lib/format';
import { businessLines, loanStatuses, useEnumOptions, useReferenceOptions } from '@/lib/options';
import { useTRPC, type RouterInputs, type RouterOutputs } from '@/lib/trpc';

type LoanRow = RouterOutputs['loans']['list']['items'][number];
type Filters = Omit<RouterInputs['loans']['list'], 'cursor' | 'limit'>;
interface SearchForm {
  orderNo?: string;
  funderCode?: string;
  productCode?: string;
  businessLine?: Filters['businessLine'];
  status?: Filters['status'];
  due?: [Dayjs | null, Dayjs | null] | null;
}

const PAGE_SIZE = 20;

function toFilters(values: SearchForm): Filters {
  const filters: Filters = {};
  const orderNo = values.orderNo?.trim();
  if (orderNo) filters.orderNo = orderNo;
  if (values.funderCode) filters.funderCode = values.funderCode;
  if (values.productCode) filters.productCode = values.productCode;
  if (values.businessLine) filters.businessLine = values.businessLine;
  if (values.status) filters.status = values.status;
  const [from, to] = values.due ?? [];
  if (from) filters.dueFrom = from.format('YYYY-MM-DD');
  if (to) filters.dueTo = to.format('YYYY-MM-DD');
  return filters;
}

const money = (v: string) => <span className="money">{yuan(v)}</span>;

export default function LoansPage() {
  const t = useT();
  const trpc = useTRPC();
  const router = useRouter();
  const [form] = Form.useForm<SearchForm>();
  const [filters, setFilters] = useState<Filters>({});
  // cursors[i] is the cursor that loads page i + 1 (null: the first page).
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors.at(-1) ?? null;
  const list = useQuery({
    ...trpc.loans.list.queryOptions({ ...filters, cursor, limit: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const reference = useReferenceOptions();
  const lineOptions = useEnumOptions('businessLine', businessLines);
  const statusOptions = useEnumOptions('loanStatus', loanStatuses);
  const nextCursor = list.data?.nextCursor ?? null;

  const search = (values: SearchForm) => {
    setFilters(toFilters(values));
    setCursors([null]);
  };
  const detailHref = (orderNo: string) => `/loans/${encodeURIComponent(orderNo)}`;

  const columns: TableColumnsType<LoanRow> = [
    {
      title: t('loans.orderNo'),
      dataIndex: 'orderNo',
      fixed: 'left',
      width: 150,
      render: (orderNo: string) => (
        <Link href={detailHref(orderNo)} onClick={(e) => e.stopPropagation()}>
          {orderNo}
        </Link>
      ),
    },
    {
      title: t('loans.businessLine'),
      dataIndex: 'businessLine',
      render: (v: string) => <EnumTag group="businessLine" value={v} />,
    },
    { title: t('loans.funder'), dataIndex: 'funderName' },
    { title: t('loans.product'), dataIndex: 'productName' },
    { title: t('loans.borrower'), dataIndex: 'borrowerName' },
    { title: t('loans.principal'), dataIndex: 'principal', align: 'right', render: money },
    {
      title: t('loans.outstanding'),
      dataIndex: 'outstandingPrincipal',
      align: 'right',
      render: money,
    },
    { title: t('loans.term'), dataIndex: 'termMonths', align: 'right' },
    {
      title: t('loans.method'),
      dataIndex: 'repaymentMethod',
      render: (v: string) => enumLabel(t, 'method', v),
    },
    {
      title: t('loans.status'),
      dataIndex: 'status',
      render: (v: string) => <StatusBadge group="loanStatus" value={v} />,
    },
    {
      title: t('loans.paused'),
      dataIndex: 'paused',
      render: (p: LoanRow['paused']) =>
        p ? (
          <Tooltip title={t('loans.pausedReason', { reason: p.reason })}>
            <Tag color="orange">{t('loans.pausedUntil', { until: p.until })}</Tag>
          </Tooltip>
        ) : (
          '-'
        ),
    },
    { title: t('loans.nextDue'), dataIndex: 'nextDueDate', render: (v: string | null) => v ?? '-' },
    {
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      render: (v: string) => shanghaiTime(v),
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Form<SearchForm>
          form={form}
          layout="vertical"
          onFinish={search}
          aria-label={t('loans.search')}
          role="search"
        >
          <Row gutter={16}>
            <Col xs={24} md={8} xl={6}>
              <Form.Item label={t('loans.orderNo')} name="orderNo">
                <Input allowClear autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={6}>
              <Form.Item label={t('loans.funder')} name="funderCode">
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  options={reference.funders}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={6}>
              <Form.Item label={t('loans.product')} name="productCode">
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  options={reference.products}
                />
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
                <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col
              xs={24}
              xl={12}
              style={{
                display: 'flex',
                alignItems: 'flex-end',
                justifyContent: 'flex-end',
                paddingBottom: 24,
              }}
            >
              <Space>
                <Button
                  onClick={() => {
                    form.resetFields();
                    search({});
                  }}
                >
                  {t('common.reset')}
                </Button>
                <Button type="primary" htmlType="submit">
                  {t('common.search')}
                </Button>
              </Space>
            </Col>
          </Row>
        </Form>
      </Card>
      <Card title={<h1 className="page-title">{t('loans.title')}</h1>}>
        <Table<LoanRow>
          rowKey="orderNo"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          pagination={false}
          scroll={{ x: 1500 }}
          locale={{ emptyText: t('loans.empty') }}
          rowClassName="clickable-row"
          onRow={(row) => ({ onClick: () => router.push(detailHref(row.orderNo)) })}
        />
        <nav
          aria-label={t('common.pagination')}
          style={{
            marginTop: 16,
            display: 'flex',
            justifyContent: 'flex-end',
            alignItems: 'center',
            gap: 8,
          }}
        >
          <Typography.Text type="secondary">
            {t('common.page', { page: cursors.length })}
          </Typography.Text>
          <Button
            disabled={cursors.length <= 1 || list.isFetching}
            onClick={() => setCursors((c) => c.slice(0, -1))}
          >
            {t('common.prev')}
          </Button>
          <Button
            disabled={!nextCursor || list.isFetching}
            onClick={() => nextCursor && setCursors((c) => [...c, nextCursor])}
          >
            {t('common.next')}
          </Button>
        </nav>
      </Card>
    </Space>
  );
}
