'use client';
// Funders: list for everyone; create and edit for roles with reference.write (admin, pm).
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, Select, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { EditDrawer } from '@/components/edit-drawer';
import { StatusBadge } from '@/components/status';
import { enumLabel, useI18n } from '@/i18n';
import { shanghaiTime } from '@/lib/format';
import { funderTypes, refStatuses, useEnumOptions } from '@/lib/options';
import { useCan } from '@/lib/session';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type Funder = RouterOutputs['funders']['list'][number];
interface FunderForm {
  code: string;
  name: string;
  type: Funder['type'];
  status?: Funder['status'];
}

const CODE_PATTERN = /^[A-Z0-9-]{2,32}$/;

export default function FundersPage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canWrite = useCan('reference.write');
  const funders = useQuery(trpc.funders.list.queryOptions());
  const [editing, setEditing] = useState<Funder | 'new' | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.funders.list.queryKey() });
  const create = useMutation(trpc.funders.create.mutationOptions({ onSuccess: refresh }));
  const update = useMutation(trpc.funders.update.mutationOptions({ onSuccess: refresh }));
  const typeOptions = useEnumOptions('funderType', funderTypes);
  const statusOptions = useEnumOptions('refStatus', refStatuses);

  const columns: TableColumnsType<Funder> = [
    { title: t('common.code'), dataIndex: 'code' },
    { title: t('common.name'), dataIndex: 'name' },
    { title: t('funders.type'), dataIndex: 'type', render: (v: string) => enumLabel(t, 'funderType', v) },
    { title: t('common.status'), dataIndex: 'status', render: (v: string) => <StatusBadge group="refStatus" value={v} /> },
    { title: t('common.loanCount'), dataIndex: 'loanCount', align: 'right' },
    { title: t('common.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => shanghaiTime(v) },
    ...(canWrite
      ? [{ title: t('common.actions'), key: 'actions', render: (_: unknown, row: Funder) => <Button size="small" onClick={() => setEditing(row)}>{t('common.edit')}</Button> }]
      : []),
  ];

  const isNew = editing === 'new';
  return (
    <Card
      title={t('funders.title')}
      extra={canWrite && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>{t('funders.create')}</Button>}
    >
      <Table<Funder> rowKey="code" columns={columns} dataSource={funders.data ?? []} loading={funders.isLoading} pagination={false} />
      <EditDrawer<FunderForm>
        title={isNew ? t('funders.create') : t('funders.edit')}
        open={editing !== null}
        initialValues={editing && editing !== 'new' ? editing : { type: 'bank' }}
        onClose={() => setEditing(null)}
        onSubmit={(values) => (isNew ? create.mutateAsync(values) : update.mutateAsync(values))}
      >
        {() => (
          <>
            <Form.Item label={t('common.code')} name="code" rules={[{ required: true, message: t('common.required') }, { pattern: CODE_PATTERN, message: t('validation.code') }]}>
              <Input disabled={!isNew} placeholder="F-BANK-04" />
            </Form.Item>
            <Form.Item label={t('common.name')} name="name" rules={[{ required: true, message: t('common.required') }, { max: 100 }]}>
              <Input />
            </Form.Item>
            <Form.Item label={t('funders.type')} name="type" rules={[{ required: true, message: t('common.required') }]}>
              <Select options={typeOptions} />
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
