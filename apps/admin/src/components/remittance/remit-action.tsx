'use client';
// 生成划付: the funders' remittance of a business date made now (by hand; the schedule makes it
// at each funder's cut-off), for every funder or one.
import { Alert, DatePicker, Form, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { MutationModalButton } from '@/components/kit';
import { useT } from '@/i18n';
import { useReferenceOptions } from '@/lib/options';
import { useTRPC } from '@/lib/trpc';

export function RemitAction() {
  const t = useT();
  const trpc = useTRPC();
  const { funders } = useReferenceOptions();
  return (
    <MutationModalButton
      button={{ label: t('batches.remit'), type: 'primary' }}
      intro={
        <Alert type="info" showIcon title={t('batches.remitHelp')} style={{ marginBottom: 16 }} />
      }
      mutation={trpc.payouts.remit.mutationOptions()}
      input={(v: { businessDate: Dayjs; funderCode?: string }) => ({
        businessDate: v.businessDate.format('YYYY-MM-DD'),
        funderCode: v.funderCode || undefined,
      })}
      success={(made) => t('batches.remitted', { count: made.length })}
      invalidate={[trpc.payouts.pathKey()]}
    >
      <Form.Item name="businessDate" label={t('batches.businessDate')} rules={[{ required: true }]}>
        <DatePicker />
      </Form.Item>
      <Form.Item name="funderCode" label={t('batches.funder')}>
        <Select allowClear options={funders} />
      </Form.Item>
    </MutationModalButton>
  );
}
