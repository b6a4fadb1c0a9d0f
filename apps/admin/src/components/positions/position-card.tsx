'use client';
// One payout account's position: balance, reserved, buffer, usable, what queued payouts wait
// for, and the shortfall in red with since when a top-up is needed (调拨提醒).
import { Alert, Card, Col, Row, Statistic, Typography } from 'antd';
import { Money } from '@/components/kit';
import { StatusBadge } from '@/components/status';
import { useT, type MessageKey } from '@/i18n';
import { shanghaiTime, yuan } from '@/lib/format';
import type { RouterOutputs } from '@/lib/trpc';
import { PositionActions } from './position-actions';

export type Position = RouterOutputs['payouts']['positions']['accounts'][number];

// Nine-figure balances side by side in a half-width card: one size, never wrapped.
const figureStyles = { content: { fontSize: 16, whiteSpace: 'nowrap' as const } };

export function PositionCard(props: { account: Position; others: string[]; canManage: boolean }) {
  const t = useT();
  const a = props.account;
  const short = Number(a.shortfall) > 0;
  const figure = (title: MessageKey, value: string, danger?: boolean) => (
    <Col xs={12} md={8}>
      <Statistic
        title={t(title)}
        styles={figureStyles}
        valueRender={() => <Money value={value} danger={danger} />}
      />
    </Col>
  );
  return (
    <Card
      title={
        <span>
          <code>{a.channelCode}</code> <StatusBadge group="refStatus" value={a.status} />
        </span>
      }
      extra={
        <Typography.Text type="secondary">
          {a.syncedAt
            ? t('positions.syncedAt', { at: shanghaiTime(a.syncedAt) })
            : t('positions.neverSynced')}
        </Typography.Text>
      }
      actions={
        props.canManage
          ? [
              <PositionActions
                key="a"
                channelCode={a.channelCode}
                buffer={a.buffer}
                others={props.others}
              />,
            ]
          : undefined
      }
    >
      <Row gutter={[16, 16]}>
        {figure('positions.balance', a.balance)}
        {figure('positions.reserved', a.reserved)}
        {figure('positions.buffer', a.buffer)}
        {figure('positions.usable', a.usable, Number(a.usable) < 0)}
        <Col xs={12} md={8}>
          <Statistic
            title={t('positions.waiting')}
            styles={figureStyles}
            valueRender={() =>
              t('positions.waitingLine', { count: a.waitingCount, amount: yuan(a.waitingAmount) })
            }
          />
        </Col>
        {figure('positions.shortfall', a.shortfall, short)}
      </Row>
      {short && a.neededSince && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 16 }}
          title={t('positions.neededSince', { since: shanghaiTime(a.neededSince) })}
        />
      )}
    </Card>
  );
}
