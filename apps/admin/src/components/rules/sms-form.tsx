'use client';
// SMS rules: messages with a trigger, a template (variable hints and a masked preview),
// quiet hours, the per-phone cap and the de-duplication window.
import { Card, Form, Input, InputNumber, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { renderTemplate, SMS_TEMPLATE_VARIABLES, SMS_TRIGGER_TYPES } from '@repay/rules';
import { useT } from '@/i18n';
import { AddButton, RemovableCard } from '@/components/kit';
import { useEnumOptions } from '@/lib/options';
import { ConditionsField, TimeField } from './fields';

const SAMPLE = {
  name: '张**',
  amount: '1,234.56',
  dueDate: '2026-03-18',
  bankName: '工商银行',
  cardTail: '1234',
  overdueDays: '3',
  orderNo: 'DEMO0000001',
  productName: '消费分期标准版',
  funderName: '华信信托',
};

/** The trigger's own numbers: days before due, the overdue day, or every n days from a day. */
function TriggerFields({ index }: { index: number }) {
  const t = useT();
  const type = Form.useWatch(['messages', index, 'trigger', 'type'], Form.useFormInstance()) as
    string | undefined;
  const day = (key: string, label: string, max: number) => (
    <Form.Item name={[index, 'trigger', key]} label={label}>
      <InputNumber min={1} max={max} precision={0} />
    </Form.Item>
  );
  if (type === 'before_due') return day('days', t('rules.sms.days'), 30);
  if (type === 'overdue_day') return day('day', t('rules.sms.day'), 365);
  if (type === 'overdue_every')
    return (
      <Space>
        {day('every', t('rules.sms.every'), 90)}
        {day('from', t('rules.sms.from'), 365)}
      </Space>
    );
  return null;
}

function MessageCard({ index, onRemove }: { index: number; onRemove: () => void }) {
  const t = useT();
  const form = Form.useFormInstance();
  const triggers = useEnumOptions('smsTrigger', SMS_TRIGGER_TYPES);
  const templatePath = ['messages', index, 'template'];
  const insert = (name: string) =>
    form.setFieldValue(
      templatePath,
      `${(form.getFieldValue(templatePath) as string | undefined) ?? ''}{${name}}`,
    );
  return (
    <RemovableCard style={{ marginBottom: 12 }} onRemove={onRemove}>
      <Space wrap align="start">
        <Form.Item name={[index, 'id']} label={t('rules.fee.id')}>
          <Input style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name={[index, 'trigger', 'type']} label={t('rules.sms.trigger')}>
          <Select options={triggers} style={{ width: 200 }} />
        </Form.Item>
        <TriggerFields index={index} />
      </Space>
      <Form.Item name={[index, 'template']} label={t('rules.sms.template')}>
        <Input.TextArea autoSize={{ minRows: 2 }} maxLength={300} showCount />
      </Form.Item>
      <div style={{ marginTop: -8, marginBottom: 8 }}>
        {Object.entries(SMS_TEMPLATE_VARIABLES).map(([name, label]) => (
          <Tooltip key={name} title={label}>
            <Tag style={{ cursor: 'pointer' }} onClick={() => insert(name)}>
              {`{${name}}`}
            </Tag>
          </Tooltip>
        ))}
      </div>
      <Form.Item noStyle shouldUpdate>
        {() => (
          <Typography.Paragraph type="secondary">
            {t('rules.sms.preview')}：
            {renderTemplate(String(form.getFieldValue(templatePath) ?? ''), SAMPLE)}
          </Typography.Paragraph>
        )}
      </Form.Item>
      <ConditionsField name={[index, 'conditions']} />
    </RemovableCard>
  );
}

export function SmsForm() {
  const t = useT();
  return (
    <>
      <Form.List name="messages">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <MessageCard key={field.key} index={field.name} onRemove={() => remove(field.name)} />
            ))}
            <AddButton
              label={t('rules.add')}
              onAdd={() =>
                add({
                  id: `msg_${fields.length + 1}`,
                  trigger: { type: 'overdue_day', day: 1 },
                  template: '',
                })
              }
            />
          </>
        )}
      </Form.List>
      <Card size="small" style={{ marginTop: 12 }}>
        <Space wrap align="start">
          <TimeField
            name={['quietHours', 'start']}
            label={`${t('rules.sms.quietHours')} ${t('rules.window.start')}`}
          />
          <TimeField name={['quietHours', 'end']} label={t('rules.window.end')} />
          <Form.Item name="dailyCapPerPhone" label={t('rules.sms.dailyCap')}>
            <InputNumber min={1} max={20} precision={0} />
          </Form.Item>
          <Form.Item name="dedupeHours" label={t('rules.sms.dedupeHours')}>
            <InputNumber min={1} max={168} precision={0} />
          </Form.Item>
        </Space>
      </Card>
    </>
  );
}
