'use client';
// Products: the terms every loan of the product starts from (business line, method, day count,
// grace days). Everyone may look; admin and pm create and edit in a drawer.
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Select,
  Switch,
  Table,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState } from 'react';
import { EditDrawer } from '@/components/edit-drawer';
import { EnumTag, StatusBadge } from '@/components/status';
import { enumLabel, useT } from '@/i18n';
import { formatCount, shanghaiTime } from '@/lib/format';
import {
  businessLines,
  CODE_PATTERN,
  dayCounts,
  NAME_MAX,
  refStatuses,
  repaymentMethods,
  useEnumOptions,
} from '@/lib/options';
import { useCan } from '@/lib/session';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type Product = RouterOutputs['products']['list'][number];
type ProductForm = Pick<
  Product,
  'code' | 'name' | 'businessLine' | 'repaymentMethod' | 'dayCount' | 'graceDays' | 'allowPartial'
> & {
  status?: Product['status'];
};

const NEW_PRODUCT: Partial<ProductForm> = { dayCount: '30/360', graceDays: 0, allowPartial: true };

export default function ProductsPage() {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canWrite = useCan('reference.write');
  const products = useQuery(trpc.products.list.queryOptions());
  // What the drawer edits; kept while it closes so its title and fields do not flip mid-animation.
  const [editing, setEditing] = useState<Product | 'new'>('new');
  const [drawerOpen, setDrawerOpen] = useState(false);
  const openDrawer = (target: Product | 'new') => {
    setEditing(target);
    setDrawerOpen(true);
  };
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.products.list.queryKey() });
  const create = useMutation(
    trpc.products.create.mutationOptions({ meta: { handlesErrors: true }, onSuccess: refresh }),
  );
  const update = useMutation(
    trpc.products.update.mutationOptions({ meta: { handlesErrors: true }, onSuccess: refresh }),
  );
  const lineOptions = useEnumOptions('businessLine', businessLines);
  const methodOptions = useEnumOptions('method', repaymentMethods);
  const statusOptions = useEnumOptions('refStatus', refStatuses);
  const dayCountOptions = useEnumOptions('dayCount', dayCounts);
  const isNew = editing === 'new';
  const initialValues = useMemo<Partial<ProductForm>>(() => {
    if (editing === 'new') return NEW_PRODUCT;
    const { code, name, businessLine, repaymentMethod, dayCount, graceDays, allowPartial, status } =
      editing;
    return { code, name, businessLine, repaymentMethod, dayCount, graceDays, allowPartial, status };
  }, [editing]);

  const columns: TableColumnsType<Product> = [
    {
      title: t('common.code'),
      dataIndex: 'code',
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span>,
    },
    { title: t('common.name'), dataIndex: 'name' },
    {
      title: t('loans.businessLine'),
      dataIndex: 'businessLine',
      render: (v: string) => <EnumTag group="businessLine" value={v} />,
    },
    {
      title: t('loans.method'),
      dataIndex: 'repaymentMethod',
      render: (v: string) => enumLabel(t, 'method', v),
    },
    {
      title: t('loan.dayCount'),
      dataIndex: 'dayCount',
      render: (v: string) => enumLabel(t, 'dayCount', v),
    },
    { title: t('products.graceDays'), dataIndex: 'graceDays', align: 'right' },
    {
      title: t('products.allowPartial'),
      dataIndex: 'allowPartial',
      render: (v: boolean) => t(v ? 'enum.yes' : 'enum.no'),
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      render: (v: string) => <StatusBadge group="refStatus" value={v} />,
    },
    {
      title: t('common.loanCount'),
      dataIndex: 'loanCount',
      align: 'right',
      render: (v: number) => formatCount(v),
    },
    {
      title: t('common.updatedAt'),
      dataIndex: 'updatedAt',
      render: (v: string) => shanghaiTime(v),
    },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, row: Product) => (
              <Button size="small" onClick={() => openDrawer(row)}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={<h1 className="page-title">{t('products.title')}</h1>}
      extra={
        canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => openDrawer('new')}>
            {t('products.create')}
          </Button>
        )
      }
    >
      <Table<Product>
        rowKey="code"
        columns={columns}
        dataSource={products.data ?? []}
        loading={products.isLoading}
        pagination={false}
        scroll={{ x: 1200 }}
      />
      {canWrite && (
        <EditDrawer<ProductForm>
          title={isNew ? t('products.create') : t('products.edit')}
          open={drawerOpen}
          initialValues={initialValues}
          onClose={() => setDrawerOpen(false)}
          onSubmit={(values) => {
            if (isNew) {
              const { status: _status, ...input } = values;
              return create.mutateAsync(input);
            }
            return update.mutateAsync(values);
          }}
        >
          {() => (
            <>
              <Form.Item
                label={t('common.code')}
                name="code"
                rules={[
                  { required: true, message: t('common.required') },
                  { pattern: CODE_PATTERN, message: t('validation.code') },
                ]}
              >
                <Input disabled={!isNew} placeholder="CONSUMER-PLUS" autoComplete="off" />
              </Form.Item>
              <Form.Item
                label={t('common.name')}
                name="name"
                rules={[
                  { required: true, whitespace: true, message: t('common.required') },
                  { max: NAME_MAX, message: t('validation.nameMax') },
                ]}
              >
                <Input autoComplete="off" />
              </Form.Item>
              <Form.Item
                label={t('loans.businessLine')}
                name="businessLine"
                rules={[{ required: true, message: t('common.required') }]}
              >
                <Select options={lineOptions} />
              </Form.Item>
              <Form.Item
                label={t('loans.method')}
                name="repaymentMethod"
                rules={[{ required: true, message: t('common.required') }]}
              >
                <Select options={methodOptions} />
              </Form.Item>
              <Form.Item
                label={t('loan.dayCount')}
                name="dayCount"
                rules={[{ required: true, message: t('common.required') }]}
              >
                <Select options={dayCountOptions} />
              </Form.Item>
              <Form.Item
                label={t('products.graceDays')}
                name="graceDays"
                rules={[{ required: true, message: t('common.required') }]}
              >
                <InputNumber min={0} max={90} precision={0} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item
                label={t('products.allowPartial')}
                name="allowPartial"
                valuePropName="checked"
              >
                <Switch />
              </Form.Item>
              {!isNew && (
                <Form.Item label={t('common.status')} name="status">
                  <Select options={statusOptions} />
                </Form.Item>
              )}
            </>
          )}
        </EditDrawer>
      )}
    </Card>
  );
}
