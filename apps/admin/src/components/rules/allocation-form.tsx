'use client';
// Allocation: drag the four components into waterfall order; two switches.
import { Card, Form, Switch, Tag } from 'antd';
import { enumLabel, useT } from '@/i18n';
import { SortableRow, SortableRows } from './sortable';

export function AllocationForm() {
  const t = useT();
  const form = Form.useFormInstance();
  return (
    <Card size="small">
      <Form.Item label={t('rules.allocation.order')}>
        <Form.List name="order">
          {(fields, { move }) => (
            <SortableRows ids={fields.map((f) => f.key)} onMove={move}>
              {fields.map((field, index) => (
                <SortableRow key={field.key} id={field.key} label={t('rules.allocation.order')}>
                  <Tag color="blue" style={{ fontSize: 14, padding: '4px 12px' }}>
                    {index + 1}.{' '}
                    {enumLabel(t, 'component', String(form.getFieldValue(['order', field.name])))}
                  </Tag>
                </SortableRow>
              ))}
            </SortableRows>
          )}
        </Form.List>
      </Form.Item>
      <Form.Item
        name="oldestFirst"
        label={t('rules.allocation.oldestFirst')}
        valuePropName="checked"
      >
        <Switch />
      </Form.Item>
      <Form.Item
        name="allowPartial"
        label={t('rules.allocation.allowPartial')}
        valuePropName="checked"
      >
        <Switch />
      </Form.Item>
    </Card>
  );
}
