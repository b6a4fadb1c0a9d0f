'use client';
// The editable lists of a channel's configuration: limits per bank, and maintenance windows.
import { Form, Input, Select, Space, TimePicker } from 'antd';
import dayjs from 'dayjs';
import { BANK_CODES } from '@repay/rules';
import { AddButton, RemovableRow, yuanRule } from '@/components/kit';
import { enumLabel, useT } from '@/i18n';

export const clockTime = (hhmm: string) => dayjs(`2000-01-01T${hhmm}`);

const column = { width: 170, display: 'inline-block' } as const;

export function BankLimitsList() {
  const t = useT();
  const bankOptions = BANK_CODES.map((b) => ({
    value: b,
    label: `${enumLabel(t, 'bank', b)} (${b})`,
  }));
  const rules = [{ required: true }, yuanRule(t('channels.yuanFormat'))];
  return (
    <Form.List name="banks">
      {(fields, { add, remove }) => (
        <>
          <Space style={{ display: 'flex', marginBottom: 4 }}>
            <span style={column}>{t('channels.bank')}</span>
            <span style={column}>{t('channels.singleLimit')}</span>
            <span style={column}>{t('channels.dailyLimit')}</span>
          </Space>
          {fields.map((field) => (
            <RemovableRow key={field.key} onRemove={() => remove(field.name)}>
              <Form.Item name={[field.name, 'bankCode']} rules={[{ required: true }]}>
                <Select
                  options={bankOptions}
                  style={{ width: 170 }}
                  showSearch
                  aria-label="bankCode"
                />
              </Form.Item>
              <Form.Item name={[field.name, 'singleLimit']} rules={rules}>
                <Input prefix="¥" placeholder={t('channels.singleLimit')} style={{ width: 170 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'dailyLimit']} rules={rules}>
                <Input prefix="¥" placeholder={t('channels.dailyLimit')} style={{ width: 170 }} />
              </Form.Item>
            </RemovableRow>
          ))}
          <AddButton
            label={t('channels.addBank')}
            onAdd={() => add({ singleLimit: '50000.00', dailyLimit: '200000.00' })}
          />
        </>
      )}
    </Form.List>
  );
}

export function MaintenanceWindowsList() {
  const t = useT();
  return (
    <Form.List name="maintenance">
      {(fields, { add, remove }) => (
        <>
          {fields.map((field) => (
            <RemovableRow key={field.key} onRemove={() => remove(field.name)}>
              <Form.Item name={[field.name, 'start']} rules={[{ required: true }]}>
                <TimePicker format="HH:mm" minuteStep={5} placeholder={t('channels.windowStart')} />
              </Form.Item>
              <span style={{ lineHeight: '32px' }}>—</span>
              <Form.Item name={[field.name, 'end']} rules={[{ required: true }]}>
                <TimePicker format="HH:mm" minuteStep={5} placeholder={t('channels.windowEnd')} />
              </Form.Item>
            </RemovableRow>
          ))}
          <AddButton
            label={t('channels.addWindow')}
            onAdd={() => add({ start: clockTime('23:30'), end: clockTime('00:30') })}
          />
        </>
      )}
    </Form.List>
  );
}
