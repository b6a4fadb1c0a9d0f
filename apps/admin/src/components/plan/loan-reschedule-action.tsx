'use client';
// Reschedule a loan (ops and admin): a new plan version for the untouched tail, re-amortised over
// a new term or moved by a number of days. The engine names the field it refuses (a term not
// longer than the periods that stay, …) or says why not at all (a debit in flight, nothing left
// to move): the first lands on the field, the second is a message.
import { Alert, Form, Input, InputNumber, Radio } from 'antd';
import { MutationModalButton } from '@/components/kit';
import { useT } from '@/i18n';
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
  const can = useCan('loans.reschedule');
  if (!can || !props.active) return null;

  return (
    <MutationModalButton
      button={{ label: t('reschedule.action'), size: 'small' }}
      initialValues={{ mode: 'newTermMonths', newTermMonths: props.termMonths }}
      intro={
        <Alert type="info" showIcon title={t('reschedule.help')} style={{ marginBottom: 16 }} />
      }
      mutation={trpc.loans.reschedule.mutationOptions()}
      input={(v: Values) => ({
        orderNo: props.orderNo,
        reason: v.reason,
        ...(v.mode === 'shiftDays'
          ? { shiftDays: v.shiftDays! }
          : { newTermMonths: v.newTermMonths! }),
      })}
      success={(plan) => t('reschedule.done', { version: plan.version })}
      onSuccess={(plan) => props.onRescheduled(plan.version)}
      invalidate={[
        trpc.loans.get.queryKey(),
        trpc.loans.plan.queryKey(),
        trpc.loans.planVersions.queryKey(),
      ]}
    >
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
      <ChangeField termMonths={props.termMonths} />
    </MutationModalButton>
  );
}

/** The new term, or the days to move by, as the mode says. */
function ChangeField({ termMonths }: { termMonths: number }) {
  const t = useT();
  const mode =
    (Form.useWatch('mode', Form.useFormInstance()) as Mode | undefined) ?? 'newTermMonths';
  const [name, max, suffix, extra] =
    mode === 'shiftDays'
      ? (['shiftDays', 365, t('reschedule.days'), t('reschedule.shiftHelp')] as const)
      : ([
          'newTermMonths',
          600,
          t('reschedule.months'),
          t('reschedule.newTermHelp', { term: termMonths }),
        ] as const);
  return (
    <Form.Item
      key={name}
      name={name}
      label={t(mode === 'shiftDays' ? 'reschedule.shiftDays' : 'reschedule.newTermMonths')}
      extra={extra}
      rules={[{ required: true }, { type: 'integer', min: 1, max }]}
    >
      <InputNumber min={1} max={max} precision={0} suffix={suffix} style={{ width: '100%' }} />
    </Form.Item>
  );
}
