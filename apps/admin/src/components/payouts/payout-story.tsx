'use client';
// What a payout order's drawer tells: its facts (masked payee, where it waits, the channel's
// answer, the routing decision) and every state change with who made it.
import { Descriptions, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Money } from '@/components/kit';
import { StatusBadge } from '@/components/status';
import { enumLabel, useT } from '@/i18n';
import { shanghaiTime } from '@/lib/format';
import type { RouterOutputs } from '@/lib/trpc';

export type PayoutDetail = RouterOutputs['payouts']['get'];
type Order = PayoutDetail['order'];

const dash = (v: string | number | null | undefined) => (v === null || v === undefined ? '—' : v);

export function PayoutFacts({ order: o }: { order: Order }) {
  const t = useT();
  const item = (label: Parameters<typeof t>[0], value: ReactNode, span?: number) => (
    <Descriptions.Item label={t(label)} span={span}>
      {value}
    </Descriptions.Item>
  );
  return (
    <Descriptions size="small" column={2} bordered>
      {item('payouts.amount', <Money value={o.amount} />)}
      {item('payouts.status', <StatusBadge group="payoutStatus" value={o.status} />)}
      {item('payouts.source', enumLabel(t, 'payoutSource', o.source))}
      {item('payouts.purpose', enumLabel(t, 'payoutPurpose', o.purpose))}
      {item('payouts.payee', `${o.payee.name} ${o.payee.accountNo} (${o.payee.bankCode})`, 2)}
      {item('payouts.funder', dash(o.funderCode))}
      {item('payouts.fee', o.fee === null ? '—' : <Money value={o.fee} />)}
      {item('payouts.waitReason', dash(o.waitReason), 2)}
      {item('payouts.channel', dash(o.channel))}
      {item('payouts.wantedChannel', dash(o.wantedChannel))}
      {item('payouts.routingDecision', o.routingDecisionId ? `#${o.routingDecisionId}` : '—')}
      {item('payouts.channelOrderId', dash(o.channelOrderId))}
      {item('payouts.channelSerial', dash(o.channelSerial))}
      {item('payouts.rawCode', o.rawCode ? `${o.rawCode} ${o.rawMessage ?? ''}` : '—')}
      {item(
        'payouts.queries',
        `${o.queryAttempts}${o.nextQueryAt ? ` · ${t('payouts.nextQuery')} ${shanghaiTime(o.nextQueryAt)}` : ''}`,
      )}
      {item(
        'payouts.batch',
        o.batchId ? `#${o.batchId}${o.splitNo ? ` / ${o.splitNo}` : ''}` : '—',
      )}
      {item('payouts.createdAt', shanghaiTime(o.createdAt))}
      {item('payouts.submittedAt', shanghaiTime(o.submittedAt))}
      {item('payouts.finishedAt', shanghaiTime(o.finishedAt))}
      {item('payouts.createdBy', dash(o.createdBy))}
      {item('payouts.memo', dash(o.memo), 2)}
    </Descriptions>
  );
}

export function PayoutTimeline({ events }: { events: PayoutDetail['events'] }) {
  const t = useT();
  const status = (s: string) => enumLabel(t, 'payoutStatus', s);
  return (
    <div>
      <Typography.Title level={5}>{t('payouts.history')}</Typography.Title>
      <Timeline
        items={events.map((e) => ({
          content: (
            <span>
              {shanghaiTime(e.at)} · {e.fromStatus ? `${status(e.fromStatus)} → ` : ''}
              {status(e.toStatus)} <Typography.Text type="secondary">({e.source})</Typography.Text>
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
