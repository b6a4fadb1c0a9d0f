'use client';
// Money on a loan outside the windows: an early settlement quote (ops, finance, admin) that
// finance settles with the bank reference of the payment, and an offline repayment (finance,
// admin).
import { DatePicker, Form, Input, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { MutationModalButton } from '@/components/kit';
import { useT } from '@/i18n';
import { YUAN_INPUT } from '@/lib/format';
import { useCan } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';
import { useEngineNow } from './engine-now';
import { SettlementQuoteAction } from './settlement-quote-action';

interface RepaymentValues {
  amount: string;
  paidAt: Dayjs;
  reference: string;
}

export function LoanMoneyActions(props: { orderNo: string; active: boolean }) {
  const t = useT();
  const trpc = useTRPC();
  const canQuote = useCan('loans.quote');
  const canReceive = useCan('loans.receive');
  const engine = useEngineNow();
  if (!props.active || (!canQuote && !canReceive)) return null;

  return (
    <Space>
      {canQuote && <SettlementQuoteAction orderNo={props.orderNo} canSettle={canReceive} />}
      {canReceive && (
        <MutationModalButton
          button={{ label: t('loans.offlineRepayment'), size: 'small', disabled: !engine.ready }}
          initialValues={{ paidAt: engine.now() }}
          mutation={trpc.loans.recordRepayment.mutationOptions()}
          input={(v: RepaymentValues) => ({
            orderNo: props.orderNo,
            amount: v.amount,
            paidAt: v.paidAt.format('YYYY-MM-DDTHH:mm:ssZ'),
            reference: v.reference,
          })}
          invalidate={[trpc.loans.pathKey()]}
        >
          <Form.Item
            name="amount"
            label={t('loans.repaymentAmount')}
            rules={[{ required: true, pattern: YUAN_INPUT }]}
          >
            <Input prefix="¥" placeholder="1000.00" />
          </Form.Item>
          <Form.Item name="paidAt" label={t('loans.paidAt')} rules={[{ required: true }]}>
            <DatePicker showTime style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="reference" label={t('loans.bankReference')} rules={[{ required: true }]}>
            <Input maxLength={64} />
          </Form.Item>
        </MutationModalButton>
      )}
    </Space>
  );
}
