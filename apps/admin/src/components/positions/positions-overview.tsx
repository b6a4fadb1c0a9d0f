'use client';
// 头寸: one card per payout account (refreshed every 10 s), the payouts no channel takes, the
// usable/balance chart and the movements.
import { useQuery } from '@tanstack/react-query';
import { Alert, Col, Empty, Row } from 'antd';
import { Stack, TitledCard } from '@/components/kit';
import { useT } from '@/i18n';
import { yuan } from '@/lib/format';
import { useCan } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';
import { MovementsTable } from './movements-table';
import { OpenAccountAction } from './open-account-action';
import { PositionCard } from './position-card';
import { PositionChart } from './position-chart';

export function PositionsOverview() {
  const t = useT();
  const trpc = useTRPC();
  const canManage = useCan('positions.manage');
  const overview = useQuery({ ...trpc.payouts.positions.queryOptions(), refetchInterval: 10_000 });
  const accounts = overview.data?.accounts ?? [];
  const codes = accounts.map((a) => a.channelCode);
  const unrouted = overview.data?.unrouted;
  return (
    <Stack>
      <TitledCard
        heading={t('positions.title')}
        loading={overview.isLoading}
        extra={canManage && <OpenAccountAction />}
      >
        {unrouted && unrouted.count > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('positions.unrouted', {
              count: unrouted.count,
              amount: yuan(unrouted.amount),
            })}
          />
        )}
        {accounts.length === 0 && <Empty description={t('positions.empty')} />}
        <Row gutter={[16, 16]}>
          {accounts.map((a) => (
            <Col key={a.id} xs={24} xl={12}>
              <PositionCard
                account={a}
                canManage={canManage}
                others={codes.filter((c) => c !== a.channelCode)}
              />
            </Col>
          ))}
        </Row>
      </TitledCard>
      <PositionChart />
      <MovementsTable channels={codes} />
    </Stack>
  );
}
