'use client';
// Approve or reject a waiver waiting for approval (loans.waive.approve: admin, finance), with a
// note. The engine refuses the one who asked for it (four eyes) with its own words, shown as
// they are rather than a bare 无权限; a waiver decided meanwhile, or one the loan no longer
// owes, comes back as a conflict message.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal } from 'antd';
import { useEffect } from 'react';
import { useT } from '@/i18n';
import { errorInfo, handleError } from '@/lib/errors';
import { yuan } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';
import type { Waiver } from './waiver-columns';

export interface Decision {
  waiver: Waiver;
  approve: boolean;
}

export function WaiverDecisionModal(props: { decision: Decision | null; onClose: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ note: string }>();
  const decide = useMutation(
    trpc.loans.decideWaiver.mutationOptions({ meta: { handlesErrors: true } }),
  );
  const { decision } = props;
  // Every decision starts with an empty note.
  useEffect(() => {
    if (decision) form.resetFields();
  }, [decision, form]);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.loans.pathKey() });

  const submit = async () => {
    if (!decision) return;
    const v = await form.validateFields();
    try {
      await decide.mutateAsync({
        waiverId: decision.waiver.waiverId,
        approve: decision.approve,
        note: v.note.trim(),
      });
      void message.success(t(decision.approve ? 'waivers.approved' : 'waivers.rejected'));
      props.onClose();
      await refresh();
    } catch (error) {
      // A refusal by the engine's rules (appCode set), not by the role: say what it said.
      const info = errorInfo(error);
      if (info.code === 'FORBIDDEN' && info.appCode === 'FORBIDDEN')
        void message.error(info.message);
      else handleError(error, { form });
      if (info.code === 'CONFLICT') await refresh();
    }
  };

  const amount = decision ? yuan(decision.waiver.amount) : '';
  return (
    <Modal
      open={decision !== null}
      title={t(decision?.approve ? 'waivers.approveTitle' : 'waivers.rejectTitle', { amount })}
      okText={t(decision?.approve ? 'waivers.approve' : 'waivers.reject')}
      okButtonProps={{ danger: decision?.approve === false }}
      onOk={() => void submit()}
      onCancel={props.onClose}
      confirmLoading={decide.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="note"
          label={t('waivers.note')}
          rules={[{ required: true, whitespace: true, max: 200 }]}
        >
          <Input.TextArea rows={3} maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
