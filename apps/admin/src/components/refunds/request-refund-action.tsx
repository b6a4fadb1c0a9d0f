'use client';
// 申请退款: from an overpayment anomaly (the engine knows the payer and the amount) or from a
// reconciliation case (funder, amount and payee typed here). Another finance user approves it.
import { Alert, Form, Input, Radio, Select } from 'antd';
import { BANK_CODES } from '@repay/rules';
import { MutationModalButton, ReasonField, yuanRule } from '@/components/kit';
import { enumLabel, useT } from '@/i18n';
import { useReferenceOptions } from '@/lib/options';
import { useTRPC } from '@/lib/trpc';
import { refundRequestInput, type RefundRequestValues } from './refund-request';

export function RequestRefundAction() {
  const t = useT();
  const trpc = useTRPC();
  const { funders } = useReferenceOptions();
  const banks = BANK_CODES.map((value) => ({ value, label: enumLabel(t, 'bank', value) }));
  const required = [{ required: true, message: t('common.required') }];
  return (
    <MutationModalButton
      button={{ label: t('refunds.request'), type: 'primary' }}
      intro={
        <Alert type="info" showIcon title={t('refunds.requestHelp')} style={{ marginBottom: 16 }} />
      }
      initialValues={{ source: 'anomaly' }}
      mutation={trpc.payouts.requestRefund.mutationOptions()}
      input={(v: RefundRequestValues) => refundRequestInput(v)}
      success={t('refunds.requested')}
      invalidate={[trpc.payouts.refunds.pathKey()]}
    >
      <Form.Item name="source" label={t('refunds.source')}>
        <Radio.Group
          options={(['anomaly', 'recon_case'] as const).map((value) => ({
            value,
            label: enumLabel(t, 'refundSource', value),
          }))}
        />
      </Form.Item>
      <Form.Item noStyle dependencies={['source']}>
        {({ getFieldValue }) => {
          const fromCase = getFieldValue('source') === 'recon_case';
          const id = fromCase ? 'caseId' : 'anomalyId';
          return (
            <>
              <Form.Item
                name="id"
                label={t(`refunds.${id}`)}
                rules={[...required, { pattern: /^\d{1,18}$/ }]}
              >
                <Input inputMode="numeric" />
              </Form.Item>
              {fromCase && (
                <>
                  <Form.Item name="funderCode" label={t('refunds.funder')} rules={required}>
                    <Select options={funders} showSearch />
                  </Form.Item>
                  <Form.Item
                    name="amount"
                    label={t('refunds.amount')}
                    rules={[...required, yuanRule(t('positions.amountFormat'))]}
                  >
                    <Input prefix="¥" inputMode="decimal" />
                  </Form.Item>
                  <Form.Item
                    name="payeeName"
                    label={t('refunds.payeeName')}
                    rules={[...required, { max: 60 }]}
                  >
                    <Input autoComplete="off" />
                  </Form.Item>
                  <Form.Item
                    name="payeeAccount"
                    label={t('refunds.payeeAccount')}
                    rules={[...required, { pattern: /^[\d\s]{8,40}$/ }]}
                  >
                    <Input inputMode="numeric" autoComplete="off" />
                  </Form.Item>
                  <Form.Item name="payeeBank" label={t('refunds.payeeBank')} rules={required}>
                    <Select options={banks} />
                  </Form.Item>
                </>
              )}
            </>
          );
        }}
      </Form.Item>
      <ReasonField label={t('refunds.reason')} />
    </MutationModalButton>
  );
}
