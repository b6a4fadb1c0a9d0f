'use client';
// 开立账户: a payout account at a channel that has none yet, with its buffer (安全垫).
import { Form, Input } from 'antd';
import { MutationModalButton } from '@/components/kit';
import { useT } from '@/i18n';
import { useTRPC } from '@/lib/trpc';
import { AmountField } from './position-actions';

export function OpenAccountAction() {
  const t = useT();
  const trpc = useTRPC();
  return (
    <MutationModalButton
      button={{ label: t('positions.openAccount'), type: 'primary' }}
      initialValues={{ buffer: '0.00' }}
      mutation={trpc.payouts.openAccount.mutationOptions()}
      input={(v: { channelCode: string; buffer: string }) => ({
        ...v,
        channelCode: v.channelCode.trim(),
      })}
      invalidate={[trpc.payouts.pathKey()]}
    >
      <Form.Item
        name="channelCode"
        label={t('positions.channel')}
        rules={[{ required: true, pattern: /^[a-z][a-z0-9-]{1,39}$/ }]}
      >
        <Input />
      </Form.Item>
      <AmountField name="buffer" label={t('positions.buffer')} />
    </MutationModalButton>
  );
}
