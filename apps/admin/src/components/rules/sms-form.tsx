'use client';
// SMS rules: messages with a trigger, a template (variable hints and a masked preview),
// quiet hours, the per-phone cap and the de-duplication window.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { renderTemplate, SMS_TEMPLATE_VARIABLES, SMS_TRIGGER_TYPES } from '@repay/rules';
import { useT } from '@/i18n';
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

export function SmsForm() {
  const t = useT();
  const form = Form.useFormInstance();
  const triggers = useEnumOptions('smsTrigger', SMS_TRIGGER_TYPES);
  const insert = (path: (string | number)[], name: string) =>
    form.setFieldValue(path, `${(form.getFieldValue(path) as string | undefined) ?? ''}{${name}}`);
  return (
    <>
      <Form.List name="messages">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <Card
                key={field.key}
                size="small"
                style={{ marginBottom: 12 }}
                extra={
                  <Button
                    size="small"
                    aria-label={t('rules.remove')}
                    icon={<DeleteOutlined />}
                    onClick={() => remove(field.name)}
                  />
                }
              >
                <Space wrap align="start">
                  <Form.Item name={[field.name, 'id']} label={t('rules.fee.id')}>
                    <Input style={{ width: 150 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'trigger', 'type']} label={t('rules.sms.trigger')}>
                    <Select options={triggers} style={{ width: 200 }} />
                  </Form.Item>
                  <Form.Item noStyle dependencies={[['messages', field.name, 'trigger', 'type']]}>
                    {({ getFieldValue }) => {
                      const type = getFieldValue([
                        'messages',
                        field.name,
                        'trigger',
                        'type',
                      ]) as string;
                      if (type === 'before_due')
                        return (
                          <Form.Item
                            name={[field.name, 'trigger', 'days']}
                            label={t('rules.sms.days')}
                          >
                            <InputNumber min={1} max={30} precision={0} />
                          </Form.Item>
                        );
                      if (type === 'overdue_day')
                        return (
                          <Form.Item
                            name={[field.name, 'trigger', 'day']}
                            label={t('rules.sms.day')}
                          >
                            <InputNumber min={1} max={365} precision={0} />
                          </Form.Item>
                        );
                      if (type === 'overdue_every')
                        return (
                          <Space>
                            <Form.Item
                              name={[field.name, 'trigger', 'every']}
                              label={t('rules.sms.every')}
                            >
                              <InputNumber min={1} max={90} precision={0} />
                            </Form.Item>
                            <Form.Item
                              name={[field.name, 'trigger', 'from']}
                              label={t('rules.sms.from')}
                            >
                              <InputNumber min={1} max={365} precision={0} />
                            </Form.Item>
                          </Space>
                        );
                      return null;
                    }}
                  </Form.Item>
                </Space>
                <Form.Item name={[field.name, 'template']} label={t('rules.sms.template')}>
                  <Input.TextArea autoSize={{ minRows: 2 }} maxLength={300} showCount />
                </Form.Item>
                <div style={{ marginTop: -8, marginBottom: 8 }}>
                  {Object.entries(SMS_TEMPLATE_VARIABLES).map(([name, label]) => (
                    <Tooltip key={name} title={label}>
                      <Tag
                        style={{ cursor: 'pointer' }}
                        onClick={() => insert(['messages', field.name, 'template'], name)}
                      >
                        {`{${name}}`}
                      </Tag>
                    </Tooltip>
                  ))}
                </div>
                <Form.Item noStyle shouldUpdate>
                  {() => (
                    <Typography.Paragraph type="secondary">
                      {t('rules.sms.preview')}：
                      {renderTemplate(
                        String(form.getFieldValue(['messages', field.name, 'template']) ?? ''),
                        SAMPLE,
                      )}
                    </Typography.Paragraph>
                  )}
                </Form.Item>
                <ConditionsField name={[field.name, 'conditions']} />
              </Card>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() =>
                add({
                  id: `msg_${fields.length + 1}`,
                  trigger: { type: 'overdue_day', day: 1 },
                  template: '',
                })
              }
            >
              {t('rules.add')}
            </Button>
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
