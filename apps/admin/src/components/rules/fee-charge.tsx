'use client';
// One charge of a fee rule, as a removable card: base, formula (variable hints), grace,
// rounding, caps, tiers, conditions and a live calculator.
import { Form, Input, InputNumber, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { CHARGE_TYPES, FEE_BASES, FEE_VARIABLES } from '@repay/rules';
import { AddButton, RemovableCard, RemovableRow } from '@/components/kit';
import { useT } from '@/i18n';
import { useEnumOptions } from '@/lib/options';
import { FeeCalculator } from './fee-calculator';
import { ConditionsField, emptyToUndefined } from './fields';

/** A new charge: a late fee after 3 days' grace. */
export const newCharge = (no: number) => ({
  id: `charge_${no}`,
  type: 'late_fee',
  name: '违约金',
  base: 'overdue_principal',
  formula: '20',
  dayBase: 360,
  graceDays: 3,
  accrueFrom: 'after_grace',
  rounding: 'on_total',
});

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

/** From a day on, another formula. */
function TiersField({ charge }: { charge: number }) {
  const t = useT();
  return (
    <Form.List name={[charge, 'tiers']}>
      {(tiers, { add, remove }) => (
        <Form.Item label={t('rules.fee.tiers')}>
          {tiers.map((tier) => (
            <RemovableRow key={tier.key} labelled onRemove={() => remove(tier.name)}>
              <Form.Item name={[tier.name, 'fromDay']} label={t('rules.fee.fromDay')}>
                <InputNumber min={2} max={3650} precision={0} />
              </Form.Item>
              <Form.Item name={[tier.name, 'formula']} label={t('rules.fee.formula')}>
                <Input style={{ width: 300, fontFamily: 'monospace' }} />
              </Form.Item>
            </RemovableRow>
          ))}
          <AddButton
            size="small"
            label={t('rules.add')}
            onAdd={() => add({ fromDay: 31, formula: 'base * 0.001' })}
          />
        </Form.Item>
      )}
    </Form.List>
  );
}

export function ChargeCard({ index, onRemove }: { index: number; onRemove: () => void }) {
  const t = useT();
  const form = Form.useFormInstance();
  const types = useEnumOptions('chargeType', CHARGE_TYPES);
  const bases = useEnumOptions('feeBase', FEE_BASES);
  const accrueFrom = useEnumOptions('accrueFrom', ['due_date', 'after_grace'] as const);
  const rounding = useEnumOptions('rounding', ['per_day', 'on_total'] as const);
  const formulaPath = ['charges', index, 'formula'];
  const insert = (name: string) => {
    const current = (form.getFieldValue(formulaPath) as string | undefined) ?? '';
    form.setFieldValue(formulaPath, current ? `${current} ${name}` : name);
    void form.validateFields([formulaPath]).catch(() => undefined);
  };
  const cap = (key: string, label: string) => (
    <Form.Item normalize={emptyToUndefined} name={[index, 'caps', key]} label={label}>
      <Input style={{ width: 110 }} />
    </Form.Item>
  );
  return (
    <RemovableCard
      style={{ marginBottom: 12 }}
      title={
        <Form.Item noStyle shouldUpdate>
          {() => String(form.getFieldValue(['charges', index, 'name']) ?? '')}
        </Form.Item>
      }
      onRemove={onRemove}
    >
      <Space wrap align="start">
        <Form.Item name={[index, 'id']} label={t('rules.fee.id')}>
          <Input style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name={[index, 'name']} label={t('rules.name')}>
          <Input style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name={[index, 'type']} label={t('rules.fee.type')}>
          <Select options={types} style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name={[index, 'base']} label={t('rules.fee.base')}>
          <Select options={bases} style={{ width: 190 }} />
        </Form.Item>
      </Space>
      <Form.Item name={[index, 'formula']} label={t('rules.fee.formula')}>
        <Input style={{ fontFamily: 'monospace' }} />
      </Form.Item>
      <VariableHints onPick={insert} />
      <Space wrap align="start">
        <Form.Item name={[index, 'dayBase']} label={t('rules.fee.dayBase')}>
          <Select
            style={{ width: 90 }}
            options={[
              { value: 360, label: '360' },
              { value: 365, label: '365' },
            ]}
          />
        </Form.Item>
        <Form.Item name={[index, 'graceDays']} label={t('rules.fee.graceDays')}>
          <InputNumber min={0} max={90} precision={0} />
        </Form.Item>
        <Form.Item name={[index, 'accrueFrom']} label={t('rules.fee.accrueFrom')}>
          <Select options={accrueFrom} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name={[index, 'rounding']} label={t('rules.fee.rounding')}>
          <Select options={rounding} style={{ width: 160 }} />
        </Form.Item>
      </Space>
      <Space wrap align="start">
        {cap('min', t('rules.fee.min'))}
        {cap('maxPerInstallment', t('rules.fee.max'))}
        {cap('annualRate', t('rules.fee.annualRate'))}
      </Space>
      <TiersField charge={index} />
      <ConditionsField name={[index, 'conditions']} />
      <FeeCalculator index={index} />
    </RemovableCard>
  );
}
