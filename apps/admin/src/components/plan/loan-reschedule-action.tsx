'use client';
// Reschedule a loan (ops and admin): a new plan version for the untouched tail, re-amortised over
// a new term or moved by a number of days. The engine names the field it refuses (a term not
// longer than the periods that stay, …) or says why not at all (a debit in flight, nothing left
// to move): the first lands on the field, the second is a message.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Radio } from 'antd';
import { useState } from 'react';
import { useT } from '@/i18n';
import { handleError } from '@/lib/errors';
import { useCan } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';

type Mode = 'newTermMonths' | 'shiftDays';

interface Values {
  reason: string;
  mode: Mode;
  newTermMonths?: number;
  shiftDays?: number;
}

export function LoanRescheduleAction(props: {
  orderNo: string;
  active: boolean;
  termMonths: number;
  /** Called with the version the reschedule made. */
  onRescheduled: (version: number) => void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const can = useCan('loans.reschedule');
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const mode = Form.useWatch('mode', form) ?? 'newTermMonths';
  const reschedule = useMutation(
    trpc.loans.reschedule.mutationOptions({ meta: { handlesErrors: true } }),
  );
  if (!can || !props.active) return null;

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.loans.get.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.loans.plan.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.loans.planVersions.queryKey() }),
    ]);

  const submit = async () => {
    const v = await form.validateFields();
    const change =
      v.mode === 'shiftDays' ? { shiftDays: v.shiftDays! } : { newTermMonths: v.newTermMonths! };
    try {
      const plan = await reschedule.mutateAsync({
        orderNo: props.orderNo,
        reason: v.reason,
        ...change,
      });
      void message.success(t('reschedule.done', { version: plan.version }));
      setOpen(false);
      props.onRescheduled(plan.version);
      await refresh();
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
          form.setFieldsValue({ mode: 'newTermMonths', newTermMonths: props.termMonths });
          setOpen(true);
        }}
      >
        {t('reschedule.action')}
      </Button>
      <Modal
        open={open}
        title={t('reschedule.action')}
        onCancel={() => setOpen(false)}
        onOk={() => void submit()}
        confirmLoading={reschedule.isPending}
        destroyOnHidden
      >
        <Alert type="info" showIcon title={t('reschedule.help')} style={{ marginBottom: 16 }} />
        <Form form={form} layout="vertical">
          <Form.Item
            name="reason"
            label={t('reschedule.reason')}
            rules={[{ required: true, whitespace: true, max: 200 }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="mode" label={t('reschedule.mode')} rules={[{ required: true }]}>
            <Radio.Group
              options={[
                { value: 'newTermMonths', label: t('reschedule.modeTerm') },
                { value: 'shiftDays', label: t('reschedule.modeShift') },
              ]}
            />
          </Form.Item>
          {mode === 'shiftDays' ? (
            <Form.Item
              key="shiftDays"
              name="shiftDays"
              label={t('reschedule.shiftDays')}
              extra={t('reschedule.shiftHelp')}
              rules={[{ required: true }, { type: 'integer', min: 1, max: 365 }]}
            >
              <InputNumber
                min={1}
                max={365}
                precision={0}
                suffix={t('reschedule.days')}
                style={{ width: '100%' }}
              />
            </Form.Item>
          ) : (
            <Form.Item
              key="newTermMonths"
              name="newTermMonths"
              label={t('reschedule.newTermMonths')}
              extra={t('reschedule.newTermHelp', { term: props.termMonths })}
              rules={[{ required: true }, { type: 'integer', min: 1, max: 600 }]}
            >
              <InputNumber
                min={1}
                max={600}
                precision={0}
                suffix={t('reschedule.months')}
                style={{ width: '100%' }}
              />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
