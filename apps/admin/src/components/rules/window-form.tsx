'use client';
// Deduction windows: time slots, the days calendar, eligibility, amount strategy, maintenance.
import { Card, Form, Input, InputNumber, Radio, Select, Space, Switch } from 'antd';
import { AddButton, RemovableRow } from '@/components/kit';
import { useT } from '@/i18n';
import { useEnumOptions } from '@/lib/options';
import { ConditionsField, DatesField, TimeField } from './fields';

export function WindowForm() {
  const t = useT();
  const dayModes = useEnumOptions('dayMode', ['every_day', 'business_days'] as const);
  const strategies = useEnumOptions('amountStrategy', ['full', 'partial'] as const);
  return (
    <>
      <Card size="small" title={t('rules.window.slots')} style={{ marginBottom: 12 }}>
        <Form.List name="slots">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <RemovableRow key={field.key} labelled wrap onRemove={() => remove(field.name)}>
                  <TimeField name={[field.name, 'start']} label={t('rules.window.start')} />
                  <TimeField name={[field.name, 'end']} label={t('rules.window.end')} />
                  <Form.Item name={[field.name, 'name']} label={t('rules.window.slotName')}>
                    <Input style={{ width: 120 }} />
                  </Form.Item>
                </RemovableRow>
              ))}
              <AddButton
                label={t('rules.add')}
                onAdd={() => add({ start: '16:00', end: '16:30' })}
              />
            </>
          )}
        </Form.List>
      </Card>
      <Card size="small" title={t('rules.window.days')} style={{ marginBottom: 12 }}>
        <Form.Item name={['days', 'mode']}>
          <Radio.Group options={dayModes} />
        </Form.Item>
        <Form.Item noStyle dependencies={[['days', 'mode']]}>
          {({ getFieldValue }) =>
            getFieldValue(['days', 'mode']) === 'business_days' && (
              <>
                <DatesField name={['days', 'holidays']} label={t('rules.window.holidays')} />
                <DatesField name={['days', 'workdays']} label={t('rules.window.workdays')} />
              </>
            )
          }
        </Form.Item>
      </Card>
      <Card size="small" title={t('rules.window.eligibility')} style={{ marginBottom: 12 }}>
        <Space wrap size="large">
          <Form.Item
            name={['eligibility', 'dueToday']}
            label={t('rules.window.dueToday')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
          <Form.Item
            name={['eligibility', 'overdueUpToDays']}
            label={t('rules.window.overdueUpToDays')}
          >
            <InputNumber min={0} max={3650} precision={0} />
          </Form.Item>
          <Form.Item
            name={['eligibility', 'skipPaused']}
            label={t('rules.window.skipPaused')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
          <Form.Item
            name={['eligibility', 'maxAttemptsPerDay']}
            label={t('rules.window.maxAttempts')}
          >
            <InputNumber min={1} max={24} precision={0} />
          </Form.Item>
          <Form.Item name={['eligibility', 'minAmount']} label={t('rules.window.minAmount')}>
            <Input style={{ width: 120 }} />
          </Form.Item>
        </Space>
        <ConditionsField name={['conditions']} />
      </Card>
      <Card size="small" title={t('rules.window.amount')} style={{ marginBottom: 12 }}>
        <Form.Item name={['amount', 'strategy']}>
          <Radio.Group options={strategies} />
        </Form.Item>
        <Form.Item name={['amount', 'stepDown']} label={t('rules.window.stepDown')}>
          <Select mode="tags" tokenSeparators={[',', ' ']} open={false} />
        </Form.Item>
      </Card>
      <Card size="small" title={t('rules.window.maintenance')}>
        <Form.List name="maintenance">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <RemovableRow key={field.key} labelled wrap onRemove={() => remove(field.name)}>
                  <Form.Item name={[field.name, 'channel']} label={t('rules.window.channel')}>
                    <Input style={{ width: 140 }} />
                  </Form.Item>
                  <TimeField name={[field.name, 'start']} label={t('rules.window.start')} />
                  <TimeField name={[field.name, 'end']} label={t('rules.window.end')} />
                </RemovableRow>
              ))}
              <AddButton
                label={t('rules.add')}
                onAdd={() => add({ channel: 'sandbox-a', start: '23:30', end: '00:30' })}
              />
            </>
          )}
        </Form.List>
      </Card>
    </>
  );
}
