'use client';
// Waive penalty or fees on an active loan (loans.waive: admin, ops, finance): everything
// outstanding of the component or an amount, on one period or the whole loan, with a reason.
// Up to the fee rule's limit it applies at once; above it, it waits for finance to approve.
// One request key per opened form: a double click or a retry makes one waiver. The engine
// names the field it refuses (nothing owed → component or period, too much → amount).
import { Alert, Form, Input, InputNumber, Radio } from 'antd';
import { useState } from 'react';
import { MutationModalButton } from '@/components/kit';
import { enumLabel, useT } from '@/i18n';
import { YUAN_INPUT, yuan } from '@/lib/format';
import { useCan } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';
import { newRequestKey, waiveInput, type WaiveValues } from './waive-input';

export function LoanWaiveAction(props: { orderNo: string; active: boolean }) {
  const t = useT();
  const trpc = useTRPC();
  const can = useCan('loans.waive');
  const [requestKey, setRequestKey] = useState('');
  if (!can || !props.active) return null;

  return (
    <MutationModalButton
      button={{ label: t('waivers.action'), size: 'small' }}
      initialValues={{ component: 'penalty', scope: 'whole' }}
      onOpen={() => setRequestKey(newRequestKey())}
      intro={<Alert type="info" showIcon title={t('waivers.help')} style={{ marginBottom: 16 }} />}
      mutation={trpc.loans.waive.mutationOptions()}
      input={(v: WaiveValues) => waiveInput(props.orderNo, requestKey, v)}
      success={(waiver) => {
        const amount = yuan(waiver.amount);
        return waiver.status === 'pending_approval'
          ? { type: 'warning', content: t('waivers.pending', { amount }), duration: 6 }
          : t('waivers.applied', { amount });
      }}
      // Plan, detail, history and waivers of the loan all change.
      invalidate={[trpc.loans.pathKey()]}
    >
      <Form.Item name="component" label={t('waivers.component')} rules={[{ required: true }]}>
        <Radio.Group
          options={(['penalty', 'fee'] as const).map((value) => ({
            value,
            label: enumLabel(t, 'component', value),
          }))}
        />
      </Form.Item>
      <Form.Item name="scope" label={t('waivers.scope')} rules={[{ required: true }]}>
        <Radio.Group
          options={[
            { value: 'whole', label: t('waivers.scopeWhole') },
            { value: 'partial', label: t('waivers.scopePartial') },
          ]}
        />
      </Form.Item>
      <AmountField />
      <Form.Item name="period" label={t('waivers.period')} extra={t('waivers.periodHelp')}>
        <InputNumber min={1} precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('waivers.reason')}
        rules={[{ required: true, whitespace: true, max: 200 }]}
      >
        <Input maxLength={200} />
      </Form.Item>
    </MutationModalButton>
  );
}

/** A partial waiver's amount (a positive yuan amount). */
function AmountField() {
  const t = useT();
  const scope = Form.useWatch('scope', Form.useFormInstance()) as WaiveValues['scope'] | undefined;
  if (scope !== 'partial') return null;
  return (
    <Form.Item
      name="amount"
      label={t('waivers.amount')}
      rules={[
        { required: true },
        { pattern: YUAN_INPUT, message: t('waivers.amountFormat') },
        {
          validator: (_, v: string | undefined) =>
            v && YUAN_INPUT.test(v) && Number(v) <= 0
              ? Promise.reject(new Error(t('waivers.amountPositive')))
              : Promise.resolve(),
        },
      ]}
    >
      <Input prefix="¥" placeholder="100.00" autoComplete="off" />
    </Form.Item>
  );
}
