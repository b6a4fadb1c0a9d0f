'use client';
// One debit order's whole story: amounts, card (masked), the channel's raw answers, every
// state change with who made it, the routing decision with each candidate, the rule versions;
// for orders the channel never answered: query now (ops) and the finance decision (a success
// above the approval limit is proposed and waits for another finance user).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  Radio,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { StatusBadge } from '@/components/status';
import { enumLabel, useT } from '@/i18n';
import { handleError } from '@/lib/errors';
import { shanghaiTime, yuan } from '@/lib/format';
import { useCan } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';

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
  const resolve = useMutation(
    trpc.debits.resolve.mutationOptions({ meta: { handlesErrors: true } }),
  );
  const [form] = Form.useForm<{
    outcome: 'succeeded' | 'failed';
    evidence: string;
    reason: string;
  }>();
  const o = order.data;
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.debits.order.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.debits.orders.queryKey() });
  };
  const open = o && ['submitted', 'pending', 'manual_review'].includes(o.status);

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={720}
      title={o ? t('debits.detail', { key: o.orderKey }) : ''}
      destroyOnHidden
    >
      {o && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('debits.orderNo')}>{o.orderNo}</Descriptions.Item>
            <Descriptions.Item label={t('debits.period')}>{o.period}</Descriptions.Item>
            <Descriptions.Item label={t('debits.amount')}>{yuan(o.amount)}</Descriptions.Item>
            <Descriptions.Item label={t('debits.status')}>
              <StatusBadge group="debitStatus" value={o.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('debits.card')}>
              {o.cardNo ? `${o.bankCode ?? ''} ${o.cardNo}` : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('debits.channel')}>
              {o.channel ?? '—'}{' '}
              {o.channelSerial && (
                <Typography.Text type="secondary">{o.channelSerial}</Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('debits.resultClass')}>
              {o.resultClass ? enumLabel(t, 'resultClass', o.resultClass) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('debits.rawCode')}>
              {o.rawCode ? `${o.rawCode} ${o.rawMessage ?? ''}` : '—'}
            </Descriptions.Item>
            <Descriptions.Item
              label={t('debits.window')}
            >{`${o.businessDate} ${o.window ?? ''}`}</Descriptions.Item>
            <Descriptions.Item label={t('debits.queries')}>
              {o.queryAttempts}
              {o.nextQueryAt && ` · ${t('debits.nextQuery')} ${shanghaiTime(o.nextQueryAt)}`}
            </Descriptions.Item>
            <Descriptions.Item label={t('debits.ruleVersions')} span={2}>
              {Object.entries(o.ruleVersions).map(([kind, v]) => (
                <Tag key={kind}>{`${enumLabel(t, 'ruleKind', kind)} #${v}`}</Tag>
              ))}
              {o.decision?.ruleVersionId && (
                <Tag>{`${enumLabel(t, 'ruleKind', 'routing')} #${o.decision.ruleVersionId}`}</Tag>
              )}
            </Descriptions.Item>
          </Descriptions>

          {o.decision && (
            <div>
              <Typography.Title level={5}>{t('debits.routing')}</Typography.Title>
              <Space wrap>
                <Tag color="purple">{o.decision.route}</Tag>
                {o.decision.candidates.map((c) => (
                  <Tag
                    key={c.code}
                    color={
                      c.code === o.decision!.chosen
                        ? 'blue'
                        : c.excluded
                          ? 'default'
                          : c.degraded
                            ? 'orange'
                            : 'green'
                    }
                  >
                    {c.code} {c.excluded ? enumLabel(t, 'exclusion', c.excluded) : c.score}
                  </Tag>
                ))}
              </Space>
            </div>
          )}

          <div>
            <Typography.Title level={5}>{t('debits.history')}</Typography.Title>
            <Timeline
              items={o.events.map((e) => ({
                content: (
                  <span>
                    {shanghaiTime(e.at)} ·{' '}
                    {e.from ? `${enumLabel(t, 'debitStatus', e.from)} → ` : ''}
                    {enumLabel(t, 'debitStatus', e.to)}
                    {e.rawCode && (
                      <Typography.Text code>{`${e.rawCode} ${e.rawMessage ?? ''}`}</Typography.Text>
                    )}
                    <Typography.Text type="secondary"> {e.actor}</Typography.Text>
                  </span>
                ),
              }))}
            />
          </div>

          {open && canRun && (
            <Button
              loading={queryNow.isPending}
              onClick={() =>
                void queryNow
                  .mutateAsync({ orderKey: o.orderKey })
                  .then(async (r) => {
                    void message.info(
                      t('debits.queried', {
                        result: t(r.moved ? 'debits.moved' : 'debits.unchanged'),
                      }),
                    );
                    await refresh();
                  })
                  .catch((error: unknown) => handleError(error))
              }
            >
              {t('debits.queryNow')}
            </Button>
          )}

          {o.status === 'manual_review' && canReview && (
            <Form
              form={form}
              layout="vertical"
              onFinish={(v) =>
                void resolve
                  .mutateAsync({ orderKey: o.orderKey, ...v })
                  .then(async (r) => {
                    if (r.status === 'pending_approval') void message.info(t('review.proposed'));
                    else void message.success(t('common.saved'));
                    form.resetFields();
                    await refresh();
                    await queryClient.invalidateQueries({
                      queryKey: trpc.debits.resolutions.queryKey(),
                    });
                  })
                  .catch((error: unknown) => handleError(error, { form }))
              }
            >
              <Typography.Title level={5}>{t('debits.resolve')}</Typography.Title>
              <Form.Item name="outcome" label={t('debits.outcome')} rules={[{ required: true }]}>
                <Radio.Group
                  options={[
                    { value: 'succeeded', label: enumLabel(t, 'debitStatus', 'succeeded') },
                    { value: 'failed', label: enumLabel(t, 'debitStatus', 'failed') },
                  ]}
                />
              </Form.Item>
              <Form.Item
                name="evidence"
                label={t('debits.evidence')}
                rules={[{ required: true, min: 4 }]}
              >
                <Input />
              </Form.Item>
              <Form.Item
                name="reason"
                label={t('debits.reason')}
                rules={[{ required: true, min: 2, message: t('rules.reasonRequired') }]}
              >
                <Input.TextArea rows={2} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={resolve.isPending}>
                {t('debits.resolve')}
              </Button>
            </Form>
          )}
        </Space>
      )}
    </Drawer>
  );
}
