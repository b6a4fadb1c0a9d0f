'use client';
// The sandbox's business clock: the business date, and for admin moving it forward a day or to
// a date (each skipped day's jobs run in order; the card follows the move's progress). Nothing
// of it shows in production, where the date is the real one.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Form, Space, Statistic, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef } from 'react';
import { MutationModalButton, TitledCard } from '@/components/kit';
import { useT } from '@/i18n';
import { handleError } from '@/lib/errors';
import { useCan } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';
import { RunProgress } from './job-runs-drawer';

export function useBusinessClock() {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.clock.get.queryOptions(),
    refetchInterval: (q) => (q.state.data?.latestMove?.status === 'running' ? 1000 : 30_000),
  });
}

export function BusinessClockCard() {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canMove = useCan('clock.move');
  const clock = useBusinessClock();
  const advance = useMutation(
    trpc.clock.advance.mutationOptions({ meta: { handlesErrors: true } }),
  );
  const state = clock.data;
  const move = state?.latestMove ?? null;
  const moving = move?.status === 'running';
  // When a move ends, what it changed (every page's data) is read again.
  const wasMoving = useRef(false);
  useEffect(() => {
    if (wasMoving.current && !moving) void queryClient.invalidateQueries();
    wasMoving.current = moving;
  }, [moving, queryClient]);
  if (!state?.movable) return null;

  const invalidate = [trpc.clock.pathKey(), trpc.jobs.pathKey()];
  return (
    <TitledCard heading={t('clock.title')} level={2} data-testid="business-clock">
      <Space size="large" align="start" wrap>
        <Statistic title={t('clock.date')} value={state.today ?? ''} />
        {state.offsetDays > 0 && (
          <Typography.Text type="secondary">
            {t('clock.ahead', { days: state.offsetDays })}
          </Typography.Text>
        )}
        {canMove && (
          <Space>
            <Button
              type="primary"
              loading={advance.isPending}
              disabled={moving}
              onClick={() =>
                void advance
                  .mutateAsync({ days: 1 })
                  .then(() =>
                    Promise.all(
                      invalidate.map((queryKey) => queryClient.invalidateQueries({ queryKey })),
                    ),
                  )
                  .catch((error: unknown) => handleError(error, { sayRefusals: true }))
              }
            >
              {t('clock.nextDay')}
            </Button>
            <MutationModalButton
              button={{ label: t('clock.toDate'), disabled: moving }}
              intro={
                <Typography.Paragraph type="secondary">{t('clock.intro')}</Typography.Paragraph>
              }
              initialValues={{ to: dayjs(state.today).add(1, 'day') }}
              mutation={trpc.clock.advance.mutationOptions()}
              input={(v: { to: Dayjs }) => ({ to: v.to.format('YYYY-MM-DD') })}
              success={t('clock.started')}
              sayRefusals
              invalidate={invalidate}
            >
              <Form.Item name="to" label={t('clock.to')} rules={[{ required: true }]}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </MutationModalButton>
          </Space>
        )}
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {t('clock.intro')}
      </Typography.Paragraph>
      {move && moving && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            {t('clock.moving', { note: move.progress?.note ?? '…' })}
          </Typography.Text>
          <RunProgress run={move} />
        </Space>
      )}
      {move && move.status === 'succeeded' && (
        <Alert
          type="success"
          showIcon
          title={t('clock.moved', { date: state.today ?? '', runs: move.counts?.runs ?? 0 })}
        />
      )}
      {move && move.status === 'failed' && (
        <Alert type="error" showIcon title={t('clock.failed', { error: move.error ?? '' })} />
      )}
    </TitledCard>
  );
}

/** The header's business date, in the sandbox only. */
export function BusinessDateTag() {
  const t = useT();
  const clock = useBusinessClock();
  if (!clock.data?.movable || !clock.data.today) return null;
  return (
    <Typography.Text type="warning" data-testid="business-date">
      {t('clock.tag', { date: clock.data.today })}
    </Typography.Text>
  );
}
