'use client';
// One debit order's whole story: amounts, card (masked), the channel's raw answers, every
// state change with who made it, the routing decision with each candidate, the rule versions;
// for orders the channel never answered: query now (ops) and the finance decision (a success
// above the approval limit is proposed and waits for another finance user).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Form, Input, Radio, Typography } from 'antd';
import { MutationForm, ReasonField, Stack } from '@/components/kit';
import { enumLabel, useT } from '@/i18n';
import { handleError } from '@/lib/errors';
import { useCan } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';
import { OrderFacts, OrderRouting, OrderTimeline } from './order-story';

type Outcome = 'succeeded' | 'failed';

export function OrderDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const canRun = useCan('debits.run');
  const canReview = useCan('debits.review');
  const order = useQuery({
    ...trpc.debits.order.queryOptions({ id: id ?? '0' }),
    enabled: id !== null,
  });
  const queryNow = useMutation(
    trpc.debits.queryNow.mutationOptions({ meta: { handlesErrors: true } }),
  );
  const o = order.data;
  const changed = [trpc.debits.order.queryKey(), trpc.debits.orders.queryKey()];
  const refresh = () =>
    Promise.all(changed.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
  const unanswered = o && ['submitted', 'pending', 'manual_review'].includes(o.status);

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={720}
      title={o ? t('debits.detail', { key: o.orderKey }) : ''}
      destroyOnHidden
    >
      {o && (
        <Stack gap="large">
          <OrderFacts order={o} />
          {o.decision && <OrderRouting decision={o.decision} />}
          <OrderTimeline events={o.events} />
          {unanswered && canRun && (
            <Button
              loading={queryNow.isPending}
              onClick={() =>
                void queryNow
                  .mutateAsync({ orderKey: o.orderKey })
                  .then(async (r) => {
                    const result = t(r.moved ? 'debits.moved' : 'debits.unchanged');
                    void message.info(t('debits.queried', { result }));
                    await refresh();
                  })
                  .catch((error: unknown) => handleError(error))
              }
            >
              {t('debits.queryNow')}
            </Button>
          )}
          {o.status === 'manual_review' && canReview && (
            <MutationForm
              intro={<Typography.Title level={5}>{t('debits.resolve')}</Typography.Title>}
              submitLabel={t('debits.resolve')}
              mutation={trpc.debits.resolve.mutationOptions()}
              input={(v: { outcome: Outcome; evidence: string; reason: string }) => ({
                orderKey: o.orderKey,
                ...v,
              })}
              success={(r) =>
                r.status === 'pending_approval'
                  ? { type: 'info', content: t('review.proposed') }
                  : t('common.saved')
              }
              invalidate={[...changed, trpc.debits.resolutions.queryKey()]}
            >
              <Form.Item name="outcome" label={t('debits.outcome')} rules={[{ required: true }]}>
                <Radio.Group
                  options={(['succeeded', 'failed'] as const).map((value) => ({
                    value,
                    label: enumLabel(t, 'debitStatus', value),
                  }))}
                />
              </Form.Item>
              <Form.Item
                name="evidence"
                label={t('debits.evidence')}
                rules={[{ required: true, min: 4 }]}
              >
                <Input />
              </Form.Item>
              <ReasonField label={t('debits.reason')} />
            </MutationForm>
          )}
        </Stack>
      )}
    </Drawer>
  );
}
