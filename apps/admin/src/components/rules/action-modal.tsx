'use client';
// One modal for review and release actions: always a reason or note; publishing adds the
// effective time and, for a gray release, its target.
import { DatePicker, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useT } from '@/i18n';
import { handleError } from '@/lib/errors';
import { useReferenceOptions } from '@/lib/options';

export type ActionKind =
  'submit' | 'approve' | 'reject' | 'publish' | 'publishGray' | 'promote' | 'abandon' | 'rollback';

export interface ActionValues {
  reason: string;
  effectiveFrom?: Dayjs;
  funderCodes?: string[];
  productCodes?: string[];
  percent?: number;
}

const REASON_REQUIRED: ActionKind[] = [
  'reject',
  'publish',
  'publishGray',
  'promote',
  'abandon',
  'rollback',
];

export function ActionModal(props: {
  action: ActionKind | null;
  title: string;
  onClose: () => void;
  onSubmit: (action: ActionKind, values: ActionValues) => Promise<unknown>;
}) {
  const t = useT();
  const [form] = Form.useForm<ActionValues>();
  const [busy, setBusy] = useState(false);
  const { funders, products } = useReferenceOptions();
  const { action } = props;
  useEffect(() => {
    if (action) form.resetFields();
  }, [action, form]);
  if (!action) return null;
  const required = REASON_REQUIRED.includes(action);

  const ok = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      await props.onSubmit(action, values);
      props.onClose();
    } catch (error) {
      handleError(error, { form });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={props.title}
      onCancel={props.onClose}
      onOk={() => void ok()}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label={required ? t('rules.reason') : t('rules.reviewNote')}
          rules={required ? [{ required: true, min: 2, message: t('rules.reasonRequired') }] : []}
        >
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {(action === 'publish' || action === 'publishGray') && (
          <Form.Item
            name="effectiveFrom"
            label={t('rules.effectiveFrom')}
            extra={t('rules.effectiveNow')}
          >
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
        )}
        {action === 'publishGray' && (
          <>
            <Typography.Paragraph type="secondary">{t('rules.grayHint')}</Typography.Paragraph>
            <Form.Item name="funderCodes" label={t('rules.grayFunders')}>
              <Select mode="multiple" options={funders} />
            </Form.Item>
            <Form.Item name="productCodes" label={t('rules.grayProducts')}>
              <Select mode="multiple" options={products} />
            </Form.Item>
            <Form.Item name="percent" label={t('rules.grayPercent')}>
              <InputNumber min={0.01} max={99.99} step={5} precision={2} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
