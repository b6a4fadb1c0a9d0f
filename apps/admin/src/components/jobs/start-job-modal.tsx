'use client';
// Run a job now, with the parameters its generated form asks for (none: a confirmation with an
// optional reason). The engine checks them against the job's schema; a refusal lands on the field.
import { Form, Input, Typography } from 'antd';
import { useMemo } from 'react';
import { MutationModal } from '@/components/kit';
import { useT } from '@/i18n';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';
import { initialJobValues, jobFormItems, jobParams } from './job-form';
import { jobTitle } from './job-labels';
import { JobParamsFields } from './job-params-form';

export type Job = RouterOutputs['jobs']['list'][number];

interface Values {
  params?: Record<string, unknown>;
  reason?: string;
}

export function StartJobModal({
  job,
  onClose,
  onStarted,
}: {
  job: Job | null;
  onClose: () => void;
  onStarted: (job: Job) => void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const items = useMemo(() => (job ? jobFormItems(job.fields, t) : []), [job, t]);
  return (
    <MutationModal
      open={job !== null}
      onClose={onClose}
      title={job ? t('jobs.startTitle', { job: jobTitle(t, job) }) : ''}
      okText={t('jobs.start')}
      initialValues={{ params: initialJobValues(items) }}
      mutation={trpc.jobs.start.mutationOptions()}
      input={(v: Values) => ({
        job: job!.name,
        params: jobParams(job!.fields, v.params ?? {}),
        ...(v.reason ? { reason: v.reason } : {}),
      })}
      success={t('jobs.started')}
      sayRefusals
      invalidate={[trpc.jobs.pathKey()]}
      onSuccess={() => job && onStarted(job)}
    >
      {items.length === 0 && (
        <Typography.Paragraph type="secondary">{t('jobs.noParams')}</Typography.Paragraph>
      )}
      <JobParamsFields items={items} />
      <Form.Item name="reason" label={t('jobs.reason')}>
        <Input maxLength={500} />
      </Form.Item>
    </MutationModal>
  );
}
