'use client';
// Funders: everyone may look; roles with reference.write (admin, pm) create and edit in a drawer.
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, Select, Table, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { EditDrawer } from '@/components/edit-drawer';
import { EnumTag, StatusBadge } from '@/components/status';
import { useT } from '@/i18n';
import { formatCount, shanghaiTime } from '@/lib/format';
import { CODE_PATTERN, funderTypes, NAME_MAX, refStatuses, useEnumOptions } from '@/lib/options';
import { useCan } from '@/lib/session';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type Funder = RouterOutputs['funders']['list'][number];
interface FunderForm {
  code: string;
  name: string;
  type: Funder['type'];
  status?: Funder['status'];
}

const NEW_FUNDER: Partial<FunderForm> = { type: 'bank' };

export default function FundersPage() {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canWrite = useCan('reference.write');
  const funders = useQuery(trpc.funders.list.queryOptions());
  // What the drawer edits; kept while it closes so its title and fields do not flip mid-animation.
  const [editing, setEditing] = useState<Funder | 'new'>('new');
  const [drawerOpen, setDrawerOpen] = useState(false);
  const openDrawer = (target: Funder | 'new') => {
    setEditing(target);
    setDrawerOpen(true);
  };
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.funders.list.queryKey() });
  const create = useMutation(
    trpc.funders.create.mutationOptions({ meta: { handlesErrors: true }, onSuccess: refresh }),
  );
  const update = useMutation(
    trpc.funders.update.mutationOptions({ meta: { handlesErrors: true }, onSuccess: refresh }),
  );
  const typeOptions = useEnumOptions('funderType', funderTypes);
  const statusOptions = useEnumOptions('refStatus', refStatuses);
  const isNew = editing === 'new';
  const initialValues = useMemo<Partial<FunderForm>>(
    () =>
      editing !== 'new'
        ? { code: editing.code, name: editing.name, type: editing.type, status: editing.status }
        : NEW_FUNDER,
    [editing],
  );

  const columns: TableColumnsType<Funder> = [
    {
      title: t('common.code'),
      dataIndex: 'code',
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span>,
    },
    { title: t('common.name'), dataIndex: 'name' },
    {
      title: t('funders.type'),
      dataIndex: 'type',
      render: (v: string) => <EnumTag group="funderType" value={v} />,
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
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      render: (v: string) => shanghaiTime(v),
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
            render: (_: unknown, row: Funder) => (
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
      title={<h1 className="page-title">{t('funders.title')}</h1>}
      extra={
        canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => openDrawer('new')}>
            {t('funders.create')}
          </Button>
        )
      }
    >
      <Table<Funder>
        rowKey="code"
        columns={columns}
        dataSource={funders.data ?? []}
        loading={funders.isLoading}
        pagination={false}
        scroll={{ x: 900 }}
      />
      {canWrite && (
        <EditDrawer<FunderForm>
          title={isNew ? t('funders.create') : t('funders.edit')}
          open={drawerOpen}
          initialValues={initialValues}
          onClose={() => setDrawerOpen(false)}
          onSubmit={(values) =>
            isNew
              ? create.mutateAsync({ code: values.code, name: values.name, type: values.type })
              : update.mutateAsync(values)
          }
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
                <Input disabled={!isNew} placeholder="F-BANK-04" autoComplete="off" />
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
                label={t('funders.type')}
                name="type"
                rules={[{ required: true, message: t('common.required') }]}
              >
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
      )}
    </Card>
  );
}
