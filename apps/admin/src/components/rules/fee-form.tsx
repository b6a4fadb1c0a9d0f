'use client';
// Fee rules: one card per charge with base, formula (variable hints), grace, rounding,
// caps, tiers, conditions and a live calculator.
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
import { CHARGE_TYPES, FEE_BASES, FEE_VARIABLES } from '@repay/rules';
import { useT } from '@/i18n';
import { useEnumOptions } from '@/lib/options';
import { FeeCalculator } from './fee-calculator';
import { ConditionsField, emptyToUndefined } from './fields';

function VariableHints({ onPick }: { onPick: (name: string) => void }) {
  const t = useT();
  return (
    <div style={{ marginTop: -16, marginBottom: 12 }}>
      <Typography.Text type="secondary">{t('rules.fee.variables')}: </Typography.Text>
      {Object.entries(FEE_VARIABLES).map(([name, spec]) => (
        <Tooltip key={name} title={spec.description}>
          <Tag style={{ cursor: 'pointer' }} onClick={() => onPick(name)}>
            {name}
          </Tag>
        </Tooltip>
      ))}
      <Typography.Text type="secondary">
        {' '}
        min() max() round() floor() ceil() abs() ? :
      </Typography.Text>
    </div>
  );
}

export function FeeForm() {
  const t = useT();
  const form = Form.useFormInstance();
  const types = useEnumOptions('chargeType', CHARGE_TYPES);
  const bases = useEnumOptions('feeBase', FEE_BASES);
  const accrueFrom = useEnumOptions('accrueFrom', ['due_date', 'after_grace'] as const);
  const rounding = useEnumOptions('rounding', ['per_day', 'on_total'] as const);
  const insert = (path: (string | number)[], name: string) => {
    const current = (form.getFieldValue(path) as string | undefined) ?? '';
    form.setFieldValue(path, current ? `${current} ${name}` : name);
    void form.validateFields([path]).catch(() => undefined);
  };
  return (
    <>
      <Form.Item
        name="waiverApprovalAbove"
        label={t('rules.fee.waiverApprovalAbove')}
        tooltip={t('rules.fee.waiverApprovalAboveHelp')}
        normalize={emptyToUndefined}
        rules={[
          { pattern: /^\d{1,12}(\.\d{1,2})?$/, message: t('rules.fee.waiverApprovalAboveHelp') },
        ]}
      >
        <Input style={{ width: 160 }} placeholder="500.00" addonBefore="¥" />
      </Form.Item>
      <Form.List name="charges">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <Card
                key={field.key}
                size="small"
                style={{ marginBottom: 12 }}
                title={
                  <Form.Item noStyle shouldUpdate>
                    {() => String(form.getFieldValue(['charges', field.name, 'name']) ?? '')}
                  </Form.Item>
                }
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
                    <Input style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'name']} label={t('rules.name')}>
                    <Input style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'type']} label={t('rules.fee.type')}>
                    <Select options={types} style={{ width: 150 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'base']} label={t('rules.fee.base')}>
                    <Select options={bases} style={{ width: 190 }} />
                  </Form.Item>
                </Space>
                <Form.Item name={[field.name, 'formula']} label={t('rules.fee.formula')}>
                  <Input style={{ fontFamily: 'monospace' }} />
                </Form.Item>
                <VariableHints
                  onPick={(name) => insert(['charges', field.name, 'formula'], name)}
                />
                <Space wrap align="start">
                  <Form.Item name={[field.name, 'dayBase']} label={t('rules.fee.dayBase')}>
                    <Select
                      style={{ width: 90 }}
                      options={[
                        { value: 360, label: '360' },
                        { value: 365, label: '365' },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'graceDays']} label={t('rules.fee.graceDays')}>
                    <InputNumber min={0} max={90} precision={0} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'accrueFrom']} label={t('rules.fee.accrueFrom')}>
                    <Select options={accrueFrom} style={{ width: 220 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'rounding']} label={t('rules.fee.rounding')}>
                    <Select options={rounding} style={{ width: 160 }} />
                  </Form.Item>
                </Space>
                <Space wrap align="start">
                  <Form.Item
                    normalize={emptyToUndefined}
                    name={[field.name, 'caps', 'min']}
                    label={t('rules.fee.min')}
                  >
                    <Input style={{ width: 110 }} />
                  </Form.Item>
                  <Form.Item
                    normalize={emptyToUndefined}
                    name={[field.name, 'caps', 'maxPerInstallment']}
                    label={t('rules.fee.max')}
                  >
                    <Input style={{ width: 110 }} />
                  </Form.Item>
                  <Form.Item
                    normalize={emptyToUndefined}
                    name={[field.name, 'caps', 'annualRate']}
                    label={t('rules.fee.annualRate')}
                  >
                    <Input style={{ width: 110 }} />
                  </Form.Item>
                </Space>
                <Form.List name={[field.name, 'tiers']}>
                  {(tiers, tierOps) => (
                    <Form.Item label={t('rules.fee.tiers')}>
                      {tiers.map((tier) => (
                        <Space key={tier.key} align="start">
                          <Form.Item name={[tier.name, 'fromDay']} label={t('rules.fee.fromDay')}>
                            <InputNumber min={2} max={3650} precision={0} />
                          </Form.Item>
                          <Form.Item name={[tier.name, 'formula']} label={t('rules.fee.formula')}>
                            <Input style={{ width: 300, fontFamily: 'monospace' }} />
                          </Form.Item>
                          <Button
                            aria-label={t('rules.remove')}
                            icon={<DeleteOutlined />}
                            style={{ marginTop: 30 }}
                            onClick={() => tierOps.remove(tier.name)}
                          />
                        </Space>
                      ))}
                      <Button
                        size="small"
                        type="dashed"
                        icon={<PlusOutlined />}
                        onClick={() => tierOps.add({ fromDay: 31, formula: 'base * 0.001' })}
                      >
                        {t('rules.add')}
                      </Button>
                    </Form.Item>
                  )}
                </Form.List>
                <ConditionsField name={[field.name, 'conditions']} />
                <FeeCalculator index={field.name} />
              </Card>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() =>
                add({
                  id: `charge_${fields.length + 1}`,
                  type: 'late_fee',
                  name: '违约金',
                  base: 'overdue_principal',
                  formula: '20',
                  dayBase: 360,
                  graceDays: 3,
                  accrueFrom: 'after_grace',
                  rounding: 'on_total',
                })
              }
            >
              {t('rules.add')}
            </Button>
          </>
        )}
      </Form.List>
    </>
  );
}
