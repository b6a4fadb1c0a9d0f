'use client';
// One modal for review and release actions: always a reason or note; publishing adds the
// effective time and, for a gray release, its target.
import { DatePicker, Form, Input, InputNumber, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { MutationModal } from '@/components/kit';
import { useT } from '@/i18n';
import { useReferenceOptions } from '@/lib/options';
import { useTRPC } from '@/lib/trpc';

export type ActionKind =
  | 'submit'
  | 'approve'
  | 'reject'
  | 'publish'
  | 'publishGray'
  | 'promote'
  | 'abandon'
  | 'rollback'
  | 'discard';

export interface ActionValues {
  reason: string;
  effectiveFrom?: Dayjs;
  funderCodes?: string[];
  productCodes?: string[];
  percent?: number;
}

const REASON_REQUIRED: ActionKind[] = [
  'reject',
  'discard',
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
  const trpc = useTRPC();
  const { funders, products } = useReferenceOptions();
  const { action } = props;
  if (!action) return null;
  const required = REASON_REQUIRED.includes(action);

  return (
    <MutationModal
      open
      title={props.title}
      onClose={props.onClose}
      submit={(values: ActionValues) => props.onSubmit(action, values)}
      success={t('rules.done')}
      invalidate={[trpc.rules.pathKey()]}
    >
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
    </MutationModal>
  );
}

const LABELS = {
  submit: 'rules.submit',
  approve: 'rules.approve',
  reject: 'rules.reject',
  publish: 'rules.publish',
  publishGray: 'rules.publishGray',
  promote: 'rules.promote',
  abandon: 'rules.abandon',
  rollback: 'rules.rollback',
  discard: 'rules.discardDraft',
} as const;

export function actionLabel(t: ReturnType<typeof useT>, kind: ActionKind): string {
  return t(LABELS[kind]);
}
