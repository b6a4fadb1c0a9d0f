'use client';
// The list-page anatomy shared by funders and products: code and name first, status, loan
// count and timestamps last, a create button and per-row edit for roles with reference.write,
// and one drawer whose form starts with the code and name fields.
import { PlusOutlined } from '@ant-design/icons';
import type { QueryKey } from '@tanstack/react-query';
import { Button, Form, Input, Select, type TableColumnsType } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { DataTable, EditDrawer, TitledCard, useColumns } from '@/components/kit';
import { useT } from '@/i18n';
import { CODE_PATTERN, NAME_MAX, refStatuses, useEnumOptions } from '@/lib/options';
import { useCan } from '@/lib/session';

interface ReferenceRow {
  code: string;
  name: string;
  status: 'active' | 'inactive';
  loanCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface ReferenceListProps<Row extends ReferenceRow, Values extends object> {
  title: string;
  createLabel: string;
  editLabel: string;
  codePlaceholder: string;
  rows: Row[] | undefined;
  loading: boolean;
  /** Columns between name and status. */
  columns: TableColumnsType<Row>;
  scrollX: number;
  newValues: Partial<Values>;
  toValues: (row: Row) => Partial<Values>;
  onCreate: (values: Values) => Promise<unknown>;
  onUpdate: (values: Values) => Promise<unknown>;
  /** What a create or an update changes. */
  invalidate: readonly QueryKey[];
  /** Form fields between name and status. */
  fields: ReactNode;
}

export function ReferenceList<Row extends ReferenceRow, Values extends object>(
  props: ReferenceListProps<Row, Values>,
) {
  const t = useT();
  const col = useColumns<Row>();
  const canWrite = useCan('reference.write');
  const statusOptions = useEnumOptions('refStatus', refStatuses);
  // What the drawer edits; kept while it closes so its title and fields do not flip mid-animation.
  const [editing, setEditing] = useState<Row | 'new'>('new');
  const [drawerOpen, setDrawerOpen] = useState(false);
  const openDrawer = (target: Row | 'new') => {
    setEditing(target);
    setDrawerOpen(true);
  };
  const isNew = editing === 'new';
  const { newValues, toValues } = props;
  const initialValues = useMemo(
    () => (editing === 'new' ? newValues : toValues(editing)),
    [editing, newValues, toValues],
  );

  const columns: TableColumnsType<Row> = [
    {
      title: t('common.code'),
      dataIndex: 'code',
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span>,
    },
    { title: t('common.name'), dataIndex: 'name' },
    ...props.columns,
    col.status('common.status', 'status', 'refStatus'),
    col.count('common.loanCount', 'loanCount'),
    col.time('common.createdAt', 'createdAt'),
    col.time('common.updatedAt', 'updatedAt'),
  ];
  if (canWrite)
    columns.push(
      col.actions((row) => (
        <Button size="small" onClick={() => openDrawer(row)}>
          {t('common.edit')}
        </Button>
      )),
    );

  return (
    <TitledCard
      heading={props.title}
      extra={
        canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => openDrawer('new')}>
            {props.createLabel}
          </Button>
        )
      }
    >
      <DataTable<Row>
        rowKey="code"
        columns={columns}
        dataSource={props.rows ?? []}
        loading={props.loading}
        scroll={{ x: props.scrollX }}
      />
      {canWrite && (
        <EditDrawer
          title={isNew ? props.createLabel : props.editLabel}
          open={drawerOpen}
          initialValues={initialValues}
          onClose={() => setDrawerOpen(false)}
          submit={(values: Values) => (isNew ? props.onCreate(values) : props.onUpdate(values))}
          invalidate={props.invalidate}
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
                <Input disabled={!isNew} placeholder={props.codePlaceholder} autoComplete="off" />
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
              {props.fields}
              {!isNew && (
                <Form.Item label={t('common.status')} name="status">
                  <Select options={statusOptions} />
                </Form.Item>
              )}
            </>
          )}
        </EditDrawer>
      )}
    </TitledCard>
  );
}
