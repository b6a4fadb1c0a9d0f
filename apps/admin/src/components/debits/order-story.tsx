'use client';
// What a debit order's drawer tells: its facts (amounts, masked card, the channel's raw answer,
// the rule versions), the routing decision with each candidate, every state change and who
// made it.
import { Descriptions, Space, Tag, Timeline, Typography } from 'antd';
import { StatusBadge } from '@/components/status';
import { enumLabel, useT } from '@/i18n';
import { shanghaiTime, yuan } from '@/lib/format';
import type { RouterOutputs } from '@/lib/trpc';

export type Order = RouterOutputs['debits']['order'];

export function OrderFacts({ order: o }: { order: Order }) {
  const t = useT();
  return (
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
        {o.channelSerial && <Typography.Text type="secondary">{o.channelSerial}</Typography.Text>}
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
        {o.decision?.ruleLabel && (
          <Tag>{`${enumLabel(t, 'ruleKind', 'routing')} · ${o.decision.ruleLabel}`}</Tag>
        )}
      </Descriptions.Item>
    </Descriptions>
  );
}

export function OrderRouting({ decision }: { decision: NonNullable<Order['decision']> }) {
  const t = useT();
  const colour = (c: (typeof decision.candidates)[number]) =>
    c.code === decision.chosen ? 'blue' : c.excluded ? 'default' : c.degraded ? 'orange' : 'green';
  return (
    <div>
      <Typography.Title level={5}>{t('debits.routing')}</Typography.Title>
      <Space wrap>
        <Tag color="purple">{decision.route}</Tag>
        {decision.candidates.map((c) => (
          <Tag key={c.code} color={colour(c)}>
            {c.code} {c.excluded ? enumLabel(t, 'exclusion', c.excluded) : c.score}
          </Tag>
        ))}
      </Space>
    </div>
  );
}

export function OrderTimeline({ events }: { events: Order['events'] }) {
  const t = useT();
  return (
    <div>
      <Typography.Title level={5}>{t('debits.history')}</Typography.Title>
      <Timeline
        items={events.map((e) => ({
          content: (
            <span>
              {shanghaiTime(e.at)} · {e.from ? `${enumLabel(t, 'debitStatus', e.from)} → ` : ''}
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
  );
}
