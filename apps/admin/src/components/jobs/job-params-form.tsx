'use client';
// The controls of a job's generated start form (job-form.ts says which, with rules and values),
// under `params`: the engine's refusal names params.<field>, and lands on that control.
import { DatePicker, Form, Input, InputNumber, Select, Switch } from 'antd';
import type { JobFormItem } from './job-form';

export function JobParamsFields({ items }: { items: readonly JobFormItem[] }) {
  return (
    <>
      {items.map((item) => (
        <Form.Item
          key={item.name}
          name={['params', item.name]}
          label={item.label}
          extra={item.help ?? undefined}
          rules={item.rules}
          valuePropName={item.control === 'switch' ? 'checked' : 'value'}
        >
          {item.control === 'date' ? (
            <DatePicker style={{ width: '100%' }} />
          ) : item.control === 'integer' || item.control === 'number' ? (
            <InputNumber
              style={{ width: '100%' }}
              precision={item.control === 'integer' ? 0 : undefined}
              min={item.min ?? undefined}
              max={item.max ?? undefined}
            />
          ) : item.control === 'switch' ? (
            <Switch />
          ) : item.control === 'select' ? (
            <Select
              allowClear={!item.required}
              options={(item.options ?? []).map((value) => ({ value, label: value }))}
            />
          ) : (
            <Input maxLength={item.max ?? undefined} />
          )}
        </Form.Item>
      ))}
    </>
  );
}
