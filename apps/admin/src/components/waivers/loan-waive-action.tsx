'use client';
// Waive penalty or fees on an active loan (loans.waive: admin, ops, finance): everything
// outstanding of the component or an amount, on one period or the whole loan, with a reason.
// Up to the fee rule's limit it applies at once; above it, it waits for finance to approve.
// One request key per opened form: a double click or a retry makes one waiver. The engine
// names the field it refuses (nothing owed → component or period, too much → amount).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Radio } from 'antd';
import { useState } from 'react';
import { enumLabel, useT } from '@/i18n';
import { handleError } from '@/lib/errors';
import { yuan } from '@/lib/format';
import { useCan } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';
import { newRequestKey, waiveInput, type WaiveValues } from './waive-input';

const AMOUNT = /^\d{1,12}(\.\d{1,2})?$/;

export function LoanWaiveAction(props: { orderNo: string; active: boolean }) {
  const t = useT();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const can = useCan('loans.waive');
  const [open, setOpen] = useState(false);
  const [requestKey, setRequestKey] = useState('');
  const [form] = Form.useForm<WaiveValues>();
  const scope = Form.useWatch('scope', form) ?? 'whole';
  const waive = useMutation(trpc.loans.waive.mutationOptions({ meta: { handlesErrors: true } }));
  if (!can || !props.active) return null;

  const submit = async () => {
    const v = await form.validateFields();
    try {
      const waiver = await waive.mutateAsync(waiveInput(props.orderNo, requestKey, v));
      const amount = yuan(waiver.amount);
      if (waiver.status === 'pending_approval')
        void message.warning(t('waivers.pending', { amount }), 6);
      else void message.success(t('waivers.applied', { amount }));
      setOpen(false);
      // Plan, detail, history and waivers of the loan all change.
      await queryClient.invalidateQueries({ queryKey: trpc.loans.pathKey() });
    } catch (error) {
      handleError(error, { form });
    }
  };

  return (
    <>
      <Button
        size="small"
        onClick={() => {
          form.resetFields();
          setRequestKey(newRequestKey());
          setOpen(true);
        }}
      >
        {t('waivers.action')}
      </Button>
      <Modal
        open={open}
        title={t('waivers.action')}
        onCancel={() => setOpen(false)}
        onOk={() => void submit()}
        confirmLoading={waive.isPending}
        destroyOnHidden
      >
        <Alert type="info" showIcon title={t('waivers.help')} style={{ marginBottom: 16 }} />
        <Form<WaiveValues>
          form={form}
          layout="vertical"
          initialValues={{ component: 'penalty', scope: 'whole' }}
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
          {scope === 'partial' && (
            <Form.Item
              name="amount"
              label={t('waivers.amount')}
              rules={[
                { required: true },
                { pattern: AMOUNT, message: t('waivers.amountFormat') },
                {
                  validator: (_, v: string | undefined) =>
                    v && AMOUNT.test(v) && Number(v) <= 0
                      ? Promise.reject(new Error(t('waivers.amountPositive')))
                      : Promise.resolve(),
                },
              ]}
            >
              <Input prefix="¥" placeholder="100.00" autoComplete="off" />
            </Form.Item>
          )}
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
        </Form>
      </Modal>
    </>
  );
}
