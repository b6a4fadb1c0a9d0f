'use client';
// One anomaly's evidence: why it was kept, the channel's raw answer and where it came from,
// the debit order as it stands (card as its mask), the raw evidence as stored; finance marks
// an open one handled with a note (audited), e.g. an overpayment once it is refunded.
import { useQuery } from '@tanstack/react-query';
import { Descriptions, Drawer, Form, Input, Typography } from 'antd';
import { MutationForm, Stack } from '@/components/kit';
import { EnumTag, StatusBadge } from '@/components/status';
import { enumLabel, useT } from '@/i18n';
import { shanghaiTime, yuan } from '@/lib/format';
import { useCan } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';

/** A field of the stored evidence as text ('—' when absent). */
const field = (evidence: Record<string, unknown>, key: string): string => {
  const v = evidence[key];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '—';
};

export function AnomalyDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const canHandle = useCan('anomalies.handle');
  const anomaly = useQuery({
    ...trpc.anomalies.get.queryOptions({ id: id ?? '0' }),
    enabled: id !== null,
  });
  const a = anomaly.data;
  const evidence = (a?.evidence ?? {}) as Record<string, unknown>;
  const source = field(evidence, 'source');

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={720}
      title={a ? t('anomalies.detail', { id: a.id }) : ''}
      destroyOnHidden
    >
      {a && (
        <Stack gap="large">
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('anomalies.kind')}>
              <EnumTag group="anomalyKind" value={a.kind} />
            </Descriptions.Item>
            <Descriptions.Item label={t('anomalies.status')}>
              <StatusBadge group="anomalyStatus" value={a.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('anomalies.reason')} span={2}>
              {field(evidence, 'reason')}
            </Descriptions.Item>
            <Descriptions.Item label={t('anomalies.amount')}>{yuan(a.amount)}</Descriptions.Item>
            <Descriptions.Item label={t('anomalies.createdAt')}>
              {shanghaiTime(a.createdAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('anomalies.channel')}>{a.channel ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('anomalies.source')}>
              {source === '—' ? source : enumLabel(t, 'answerSource', source)}
            </Descriptions.Item>
            {'rawCode' in evidence && (
              <Descriptions.Item label={t('anomalies.answer')} span={2}>
                {enumLabel(t, 'resultClass', field(evidence, 'resultClass'))}{' '}
                <Typography.Text code>
                  {`${field(evidence, 'rawCode')} ${field(evidence, 'rawMessage')}`}
                </Typography.Text>
              </Descriptions.Item>
            )}
            {'rawCode' in evidence && (
              <Descriptions.Item label={t('anomalies.answerAmount')}>
                {yuan(evidence.amount as string | null)}
              </Descriptions.Item>
            )}
            {'rawCode' in evidence && (
              <Descriptions.Item label={t('anomalies.serial')}>
                {field(evidence, 'channelSerial')}
              </Descriptions.Item>
            )}
            {a.status === 'handled' && (
              <>
                <Descriptions.Item label={t('anomalies.handledBy')}>
                  {a.handledBy}
                </Descriptions.Item>
                <Descriptions.Item label={t('anomalies.handledAt')}>
                  {shanghaiTime(a.handledAt)}
                </Descriptions.Item>
                <Descriptions.Item label={t('anomalies.handledReason')} span={2}>
                  {a.handledReason}
                </Descriptions.Item>
              </>
            )}
          </Descriptions>

          <div>
            <Typography.Title level={5}>{t('anomalies.order')}</Typography.Title>
            {a.order ? (
              <Descriptions size="small" column={2} bordered>
                <Descriptions.Item label={t('anomalies.orderKey')}>
                  <Typography.Text code>{a.order.orderKey}</Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('anomalies.orderNo')}>
                  {a.orderNo ?? '—'} {a.period !== null && `#${a.period}`}
                </Descriptions.Item>
                <Descriptions.Item label={t('anomalies.orderStatus')}>
                  <StatusBadge group="debitStatus" value={a.order.status} />
                </Descriptions.Item>
                <Descriptions.Item label={t('anomalies.amount')}>
                  {yuan(a.order.amount)}
                </Descriptions.Item>
                <Descriptions.Item label={t('anomalies.channel')}>
                  {a.order.channel ?? '—'}{' '}
                  {a.order.channelSerial && (
                    <Typography.Text type="secondary">{a.order.channelSerial}</Typography.Text>
                  )}
                </Descriptions.Item>
                <Descriptions.Item label={t('anomalies.card')}>
                  {a.order.cardNo ? `${a.order.bankCode ?? ''} ${a.order.cardNo}` : '—'}
                </Descriptions.Item>
              </Descriptions>
            ) : (
              <Typography.Text type="secondary">{t('anomalies.noOrder')}</Typography.Text>
            )}
          </div>

          <div>
            <Typography.Title level={5}>{t('anomalies.evidence')}</Typography.Title>
            <pre style={{ fontSize: 12, whiteSpace: 'pre-wrap', margin: 0 }}>
              {JSON.stringify(a.evidence, null, 2)}
            </pre>
          </div>

          {a.status === 'open' && canHandle && (
            <MutationForm
              intro={
                <>
                  <Typography.Title level={5}>{t('anomalies.handle')}</Typography.Title>
                  <Typography.Paragraph type="secondary">
                    {t('anomalies.handleHelp')}
                  </Typography.Paragraph>
                </>
              }
              submitLabel={t('anomalies.handle')}
              mutation={trpc.anomalies.handle.mutationOptions()}
              input={(v: { reason: string }) => ({ id: a.id, reason: v.reason.trim() })}
              success={t('anomalies.handled')}
              invalidate={[trpc.anomalies.pathKey()]}
            >
              <Form.Item
                name="reason"
                label={t('anomalies.handleReason')}
                rules={[
                  {
                    required: true,
                    whitespace: true,
                    min: 4,
                    message: t('anomalies.handleReasonRequired'),
                  },
                ]}
              >
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
            </MutationForm>
          )}
        </Stack>
      )}
    </Drawer>
  );
}
