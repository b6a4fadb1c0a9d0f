'use client';
// What finance does to a position (positions.manage): 充值 and 安全垫 on one account, 调拨
// between two, 同步余额 from the channel; each reason goes into the audit log.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Select, Space } from 'antd';
import { MutationModalButton, ReasonField, yuanRule } from '@/components/kit';
import { useT } from '@/i18n';
import { handleError } from '@/lib/errors';
import { yuan } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';

export function AmountField(props: { name: string; label: string }) {
  const t = useT();
  return (
    <Form.Item
      name={props.name}
      label={props.label}
      rules={[
        { required: true, message: t('common.required') },
        yuanRule(t('positions.amountFormat')),
      ]}
    >
      <Input prefix="¥" inputMode="decimal" />
    </Form.Item>
  );
}

export function PositionActions(props: { channelCode: string; buffer: string; others: string[] }) {
  const t = useT();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { channelCode } = props;
  const changed = [trpc.payouts.pathKey()];
  const sync = useMutation(trpc.payouts.sync.mutationOptions({ meta: { handlesErrors: true } }));
  const reason = <ReasonField label={t('positions.reason')} />;

  return (
    <Space wrap>
      <MutationModalButton
        button={{ label: t('positions.topUp'), size: 'small' }}
        mutation={trpc.payouts.topUp.mutationOptions()}
        input={(v: { amount: string; reason: string }) => ({ channelCode, ...v })}
        invalidate={changed}
      >
        <AmountField name="amount" label={t('positions.amount')} />
        {reason}
      </MutationModalButton>
      {props.others.length > 0 && (
        <MutationModalButton
          button={{ label: t('positions.transfer'), size: 'small' }}
          mutation={trpc.payouts.transfer.mutationOptions()}
          input={(v: { to: string; amount: string; reason: string }) => ({
            from: channelCode,
            ...v,
          })}
          invalidate={changed}
        >
          <Form.Item name="to" label={t('positions.to')} rules={[{ required: true }]}>
            <Select options={props.others.map((c) => ({ value: c, label: c }))} />
          </Form.Item>
          <AmountField name="amount" label={t('positions.amount')} />
          {reason}
        </MutationModalButton>
      )}
      <MutationModalButton
        button={{ label: t('positions.setBuffer'), size: 'small' }}
        initialValues={{ buffer: props.buffer }}
        mutation={trpc.payouts.setBuffer.mutationOptions()}
        input={(v: { buffer: string; reason: string }) => ({ channelCode, ...v })}
        invalidate={changed}
      >
        <AmountField name="buffer" label={t('positions.buffer')} />
        {reason}
      </MutationModalButton>
      <Button
        size="small"
        loading={sync.isPending}
        onClick={() =>
          void sync
            .mutateAsync({ channelCode })
            .then(async (r) => {
              await queryClient.invalidateQueries({ queryKey: trpc.payouts.pathKey() });
              if (r.synced) void message.success(t('positions.synced', { drift: yuan(r.drift) }));
              else void message.warning(t('positions.syncFailed', { message: r.message ?? '' }));
            })
            .catch((error: unknown) => handleError(error))
        }
      >
        {t('positions.sync')}
      </Button>
    </Space>
  );
}
