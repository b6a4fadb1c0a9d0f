'use client';
// Products: terms every loan of the product starts from (business line, method, day count).
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, InputNumber, Select, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { EditDrawer } from '@/components/edit-drawer';
import { StatusBadge } from '@/components/status';
import { enumLabel, useI18n } from '@/i18n';
import { shanghaiTime } from '@/lib/format';
import { businessLines, dayCounts, refStatuses, repaymentMethods, useEnumOptions } from '@/lib/options';
import { useCan } from '@/lib/session';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type Product = RouterOutputs['products']['list'][number];
type ProductForm = Pick<Product, 'code' | 'name' | 'businessLine' | 'repaymentMethod' | 'dayCount' | 'graceDays' | 'allowPartial'> & { status?: Product['status'] };

const CODE_PATTERN = /^[A-Z0-9-]{2,32}$/;

export default function ProductsPage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canWrite = useCan('reference.write');
  const products = useQuery(trpc.products.list.queryOptions());
  const [editing, setEditing] = useState<Product | 'new' | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.products.list.queryKey() });
  const create = useMutation(trpc.products.create.mutationOptions({ onSuccess: refresh }));
  const update = useMutation(trpc.products.update.mutationOptions({ onSuccess: refresh }));
  const lineOptions = useEnumOptions('businessLine', businessLines);
  const methodOptions = useEnumOptions('method', repaymentMethods);
  const statusOptions = useEnumOptions('refStatus', refStatuses);

  const columns: TableColumnsType<Product> = [
    { title: t('common.code'), dataIndex: 'code' },
    { title: t('common.name'), dataIndex: 'name' },
    { title: t('loans.businessLine'), dataIndex: 'businessLine', render: (v: string) => <Tag>{enumLabel(t, 'businessLine', v)}</Tag> },
    { title: t('loans.method'), dataIndex: 'repaymentMethod', render: (v: string) => enumLabel(t, 'method', v) },
    { title: t('loan.dayCount'), dataIndex: 'dayCount' },
    { title: t('products.graceDays'), dataIndex: 'graceDays', align: 'right' },
    { title: t('products.allowPartial'), dataIndex: 'allowPartial', render: (v: boolean) => t(v ? 'enum.yes' : 'enum.no') },
    { title: t('common.status'), dataIndex: 'status', render: (v: string) => <StatusBadge group="refStatus" value={v} /> },
    { title: t('common.loanCount'), dataIndex: 'loanCount', align: 'right' },
    { title: t('common.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => shanghaiTime(v) },
    ...(canWrite
      ? [{ title: t('common.actions'), key: 'actions', render: (_: unknown, row: Product) => <Button size="small" onClick={() => setEditing(row)}>{t('common.edit')}</Button> }]
      : []),
  ];

  const isNew = editing === 'new';
  return (
    <Card
      title={t('products.title')}
      extra={canWrite && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>{t('products.create')}</Button>}
    >
      <Table<Product> rowKey="code" columns={columns} dataSource={products.data ?? []} loading={products.isLoading} pagination={false} scroll={{ x: 1100 }} />
      <EditDrawer<ProductForm>
        title={isNew ? t('products.create') : t('products.edit')}
        open={editing !== null}
        initialValues={editing && editing !== 'new' ? editing : { dayCount: '30/360', graceDays: 0, allowPartial: true }}
        onClose={() => setEditing(null)}
        onSubmit={(values) => (isNew ? create.mutateAsync(values) : update.mutateAsync(values))}
      >
        {() => (
          <>
            <Form.Item label={t('common.code')} name="code" rules={[{ required: true, message: t('common.required') }, { pattern: CODE_PATTERN, message: t('validation.code') }]}>
              <Input disabled={!isNew} placeholder="CONSUMER-PLUS" />
            </Form.Item>
            <Form.Item label={t('common.name')} name="name" rules={[{ required: true, message: t('common.required') }, { max: 100 }]}>
              <Input />
            </Form.Item>
            <Form.Item label={t('loans.businessLine')} name="businessLine" rules={[{ required: true, message: t('common.required') }]}>
              <Select options={lineOptions} />
            </Form.Item>
            <Form.Item label={t('loans.method')} name="repaymentMethod" rules={[{ required: true, message: t('common.required') }]}>
              <Select options={methodOptions} />
            </Form.Item>
            <Form.Item label={t('loan.dayCount')} name="dayCount" rules={[{ required: true, message: t('common.required') }]}>
              <Select options={dayCounts.map((d) => ({ value: d, label: d }))} />
            </Form.Item>
            <Form.Item label={t('products.graceDays')} name="graceDays" rules={[{ required: true, message: t('common.required') }]}>
              <InputNumber min={0} max={90} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item label={t('products.allowPartial')} name="allowPartial" valuePropName="checked">
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
    </Card>
  );
}
