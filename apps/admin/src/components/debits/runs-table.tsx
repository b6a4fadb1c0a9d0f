'use client';
// Window runs with live progress (shards done/total, orders by status, asked vs collected),
// the actions a run's state allows (each with a reason), and starting a run by hand.
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Space, Table } from 'antd';
import { useState } from 'react';
import { MutationModal, ReasonField } from '@/components/kit';
import { useT } from '@/i18n';
import { useCan } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';
import { useRunColumns, type Run } from './run-columns';
import { StartRunAction } from './start-run-action';

type Action = 'pause' | 'resume' | 'cancel' | 'retry';

const actionsFor = (r: Run): Action[] => [
  ...(r.status === 'running' ? (['pause', 'cancel'] as const) : []),
  ...(r.status === 'paused' ? (['resume', 'cancel'] as const) : []),
  ...(r.shardsFailed > 0 && r.status !== 'cancelled' ? (['retry'] as const) : []),
];

export function RunsTable() {
  const t = useT();
  const trpc = useTRPC();
  const canRun = useCan('debits.run');
  const runs = useQuery({ ...trpc.debits.runs.queryOptions({}), refetchInterval: 3000 });
  const [acting, setActing] = useState<{ run: Run; action: Action } | null>(null);

  const columns = useRunColumns(
    (run) =>
      canRun && (
        <Space size={4}>
          {actionsFor(run).map((action) => (
            <Button
              key={action}
              size="small"
              danger={action === 'cancel'}
              onClick={() => setActing({ run, action })}
            >
              {t(`debits.${action}`)}
            </Button>
          ))}
        </Space>
      ),
  );

  return (
    <Card extra={canRun && <StartRunAction />}>
      <Table<Run>
        rowKey="id"
        size="middle"
        loading={runs.isLoading}
        dataSource={runs.data}
        pagination={false}
        locale={{ emptyText: t('debits.noRuns') }}
        scroll={{ x: 1400 }}
        columns={columns}
      />
      <MutationModal
        open={acting !== null}
        onClose={() => setActing(null)}
        title={
          acting
            ? t('debits.actionTitle', { action: t(`debits.${acting.action}`), id: acting.run.id })
            : ''
        }
        mutation={trpc.debits.runAction.mutationOptions()}
        input={(v: { reason: string }) => ({
          runId: acting!.run.id,
          action: acting!.action,
          reason: v.reason,
        })}
        success={null}
        invalidate={[trpc.debits.runs.queryKey()]}
      >
        <ReasonField label={t('debits.reason')} />
      </MutationModal>
    </Card>
  );
}
