'use client';
// Pause (until a date, with a reason) or resume a loan's debits; ops and admin only.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, Modal, Popconfirm } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useT } from '@/i18n';
import { handleError } from '@/lib/errors';
import { useCan } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';

export function LoanPauseActions(props: { orderNo: string; active: boolean; paused: boolean }) {
  const t = useT();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const can = useCan('loans.collect');
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ until: Dayjs; reason: string }>();
  const pause = useMutation(trpc.loans.pause.mutationOptions({ meta: { handlesErrors: true } }));
  const resume = useMutation(trpc.loans.resume.mutationOptions({ meta: { handlesErrors: true } }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.loans.get.queryKey() });
  if (!can || !props.active) return null;

  const submit = async () => {
    const v = await form.validateFields();
    try {
      await pause.mutateAsync({
        orderNo: props.orderNo,
        reason: v.reason,
        until: v.until.format('YYYY-MM-DD'),
      });
      void message.success(t('common.saved'));
      setOpen(false);
      await refresh();
    } catch (error) {
      handleError(error, { form });
    }
  };

  return props.paused ? (
    <Popconfirm
      title={t('loans.resumeConfirm')}
      onConfirm={() =>
        void resume
          .mutateAsync({ orderNo: props.orderNo })
          .then(refresh)
          .catch((error: unknown) => handleError(error))
      }
    >
      <Button size="small">{t('loans.resume')}</Button>
    </Popconfirm>
  ) : (
    <>
      <Button
        size="small"
        onClick={() => {
          form.resetFields();
          setOpen(true);
        }}
      >
        {t('loans.pause')}
      </Button>
      <Modal
        open={open}
        title={t('loans.pause')}
        onCancel={() => setOpen(false)}
        onOk={() => void submit()}
        confirmLoading={pause.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="until" label={t('loans.pauseUntil')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('debits.reason')}
            rules={[{ required: true, max: 200 }]}
          >
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
