'use client';
// Fee rules: the waiver approval limit, then one card per charge (fee-charge.tsx).
import { Form, Input } from 'antd';
import { AddButton } from '@/components/kit';
import { useT } from '@/i18n';
import { YUAN_INPUT } from '@/lib/format';
import { ChargeCard, newCharge } from './fee-charge';
import { emptyToUndefined } from './fields';

export function FeeForm() {
  const t = useT();
  return (
    <>
      <Form.Item
        name="waiverApprovalAbove"
        label={t('rules.fee.waiverApprovalAbove')}
        tooltip={t('rules.fee.waiverApprovalAboveHelp')}
        normalize={emptyToUndefined}
        rules={[{ pattern: YUAN_INPUT, message: t('rules.fee.waiverApprovalAboveHelp') }]}
      >
        <Input style={{ width: 160 }} placeholder="500.00" addonBefore="¥" />
      </Form.Item>
      <Form.List name="charges">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <ChargeCard key={field.key} index={field.name} onRemove={() => remove(field.name)} />
            ))}
            <AddButton label={t('rules.add')} onAdd={() => add(newCharge(fields.length + 1))} />
          </>
        )}
      </Form.List>
    </>
  );
}
