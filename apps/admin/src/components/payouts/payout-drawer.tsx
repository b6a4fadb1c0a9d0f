'use client';
// One payout order: its facts and history; payouts.handle settles an order under manual review
// with the evidence (never sent again: the money may have left) or withdraws a queued one.
import { useQuery } from '@tanstack/react-query';
import { Alert, Drawer, Form, Input, Radio, Typography } from 'antd';
import { MutationForm, ReasonField, Stack } from '@/components/kit';
import { enumLabel, useT } from '@/i18n';
import { useCan } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';
import { PayoutFacts, PayoutTimeline } from './payout-story';

type Outcome = 'succeeded' | 'failed';

export function PayoutDrawer(props: { payoutNo: string | null; onClose: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const canHandle = useCan('payouts.handle');
  const { payoutNo } = props;
  const detail = useQuery({
    ...trpc.payouts.get.queryOptions({ payoutNo: payoutNo ?? '-' }),
    enabled: payoutNo !== null,
  });
  const d = detail.data;
  const changed = [trpc.payouts.pathKey()];
  const heading = (key: 'payouts.resolve' | 'payouts.cancel') => (
    <Typography.Title level={5}>{t(key)}</Typography.Title>
  );

  return (
    <Drawer
      open={payoutNo !== null}
      onClose={props.onClose}
      size={760}
      title={payoutNo ? t('payouts.detail', { payoutNo }) : ''}
      destroyOnHidden
    >
      {d && (
        <Stack gap="large">
          <PayoutFacts order={d.order} />
          <PayoutTimeline events={d.events} />
          {canHandle && d.order.status === 'manual_review' && (
            <MutationForm
              intro={heading('payouts.resolve')}
              submitLabel={t('payouts.resolve')}
              mutation={trpc.payouts.resolve.mutationOptions()}
              input={(v: { outcome: Outcome; evidence: string; reason: string }) => ({
                payoutNo: d.order.payoutNo,
                ...v,
              })}
              success={t('payouts.resolved')}
              invalidate={changed}
              invalidateOnConflict
            >
              <Form.Item name="outcome" label={t('payouts.outcome')} rules={[{ required: true }]}>
                <Radio.Group
                  options={(['succeeded', 'failed'] as const).map((value) => ({
                    value,
                    label: enumLabel(t, 'payoutStatus', value),
                  }))}
                />
              </Form.Item>
              <Form.Item
                name="evidence"
                label={t('payouts.evidence')}
                rules={[{ required: true, whitespace: true, min: 2, max: 500 }]}
              >
                <Input />
              </Form.Item>
              <ReasonField label={t('payouts.reason')} />
            </MutationForm>
          )}
          {canHandle && d.order.status === 'queued' && (
            <MutationForm
              intro={
                <>
                  {heading('payouts.cancel')}
                  <Alert type="info" title={t('payouts.cancelHelp')} style={{ marginBottom: 16 }} />
                </>
              }
              submitLabel={t('payouts.cancel')}
              mutation={trpc.payouts.cancel.mutationOptions()}
              input={(v: { reason: string }) => ({ payoutNo: d.order.payoutNo, reason: v.reason })}
              success={t('payouts.cancelled')}
              invalidate={changed}
              invalidateOnConflict
            >
              <ReasonField label={t('payouts.reason')} />
            </MutationForm>
          )}
        </Stack>
      )}
    </Drawer>
  );
}
