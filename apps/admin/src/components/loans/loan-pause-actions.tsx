'use client';
// Pause (until a date, with a reason) or resume a loan's debits; ops and admin only.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, DatePicker, Form, Input, Popconfirm } from 'antd';
import type { Dayjs } from 'dayjs';
import { MutationModalButton } from '@/components/kit';
import { useT } from '@/i18n';
import { handleError } from '@/lib/errors';
import { useCan } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';

export function LoanPauseActions(props: { orderNo: string; active: boolean; paused: boolean }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = useCan('loans.collect');
  const resume = useMutation(trpc.loans.resume.mutationOptions({ meta: { handlesErrors: true } }));
  const loanKey = trpc.loans.get.queryKey();
  if (!can || !props.active) return null;

  return props.paused ? (
    <Popconfirm
      title={t('loans.resumeConfirm')}
      onConfirm={() =>
        void resume
          .mutateAsync({ orderNo: props.orderNo })
          .then(() => queryClient.invalidateQueries({ queryKey: loanKey }))
          .catch((error: unknown) => handleError(error))
      }
    >
      <Button size="small">{t('loans.resume')}</Button>
    </Popconfirm>
  ) : (
    <MutationModalButton
      button={{ label: t('loans.pause'), size: 'small' }}
      mutation={trpc.loans.pause.mutationOptions()}
      input={(v: { until: Dayjs; reason: string }) => ({
        orderNo: props.orderNo,
        reason: v.reason,
        until: v.until.format('YYYY-MM-DD'),
      })}
      invalidate={[loanKey]}
    >
      <Form.Item name="until" label={t('loans.pauseUntil')} rules={[{ required: true }]}>
        <DatePicker />
      </Form.Item>
      <Form.Item name="reason" label={t('debits.reason')} rules={[{ required: true, max: 200 }]}>
        <Input />
      </Form.Item>
    </MutationModalButton>
  );
}
