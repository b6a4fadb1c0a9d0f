'use client';
// A job's runs, newest first (filter by status and trigger, page by page): who or what started
// each, its parameters, how long it took, its counts or error; a running one shows its progress
// (the drawer polls while one runs) and a failed one may be retried with the same parameters.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Progress, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { DataTable, PageNav, useColumns, useCursorPages } from '@/components/kit';
import { enumLabel, useT } from '@/i18n';
import { handleError } from '@/lib/errors';
import { shanghaiTime } from '@/lib/format';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';
import { countsText, jobTitle } from './job-labels';
import type { Job } from './start-job-modal';

export type JobRun = RouterOutputs['jobs']['runs']['items'][number];

const STATUSES = ['running', 'succeeded', 'failed'] as const;
const TRIGGERS = ['schedule', 'manual', 'retry', 'clock'] as const;

export function RunProgress({ run }: { run: JobRun }) {
  const p = run.progress;
  if (!p)
    return (
      <Progress
        percent={0}
        size="small"
        status="active"
        showInfo={false}
        data-testid="run-progress"
      />
    );
  const percent = p.total ? Math.min(100, Math.round((p.done / p.total) * 100)) : null;
  return (
    <Space orientation="vertical" size={0} style={{ width: '100%' }} data-testid="run-progress">
      <Progress
        percent={percent ?? 100}
        size="small"
        status="active"
        format={() => (p.total ? `${p.done}/${p.total}` : String(p.done))}
      />
      {p.note && <Typography.Text type="secondary">{p.note}</Typography.Text>}
    </Space>
  );
}

export function JobRunsDrawer({ job, onClose }: { job: Job | null; onClose: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const col = useColumns<JobRun>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const pages = useCursorPages();
  const [status, setStatus] = useState<(typeof STATUSES)[number] | undefined>();
  const [trigger, setTrigger] = useState<(typeof TRIGGERS)[number] | undefined>();
  const runs = useQuery({
    ...trpc.jobs.runs.queryOptions({
      job: job?.name ?? '',
      status,
      trigger,
      cursor: pages.cursor,
      limit: 20,
    }),
    enabled: job !== null,
    refetchInterval: (q) =>
      q.state.data?.items.some((r) => r.status === 'running') ? 1000 : 10_000,
  });
  const retry = useMutation(trpc.jobs.retry.mutationOptions({ meta: { handlesErrors: true } }));
  const filter =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      pages.reset();
    };

  return (
    <Drawer
      open={job !== null}
      onClose={onClose}
      size={1000}
      title={job ? t('jobs.runsOf', { job: jobTitle(t, job) }) : ''}
      destroyOnHidden
    >
      <Space style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('jobs.allStatuses')}
          style={{ width: 160 }}
          value={status}
          onChange={filter(setStatus)}
          options={STATUSES.map((s) => ({ value: s, label: enumLabel(t, 'jobRunStatus', s) }))}
          aria-label={t('jobs.status')}
        />
        <Select
          allowClear
          placeholder={t('jobs.allTriggers')}
          style={{ width: 160 }}
          value={trigger}
          onChange={filter(setTrigger)}
          options={TRIGGERS.map((s) => ({ value: s, label: enumLabel(t, 'jobRunTrigger', s) }))}
          aria-label={t('jobs.trigger')}
        />
      </Space>
      <DataTable<JobRun>
        rowKey="id"
        size="small"
        data-testid="job-runs"
        loading={runs.isLoading}
        dataSource={runs.data?.items}
        empty={t('jobs.noRuns')}
        scroll={{ x: 960 }}
        columns={[
          col.text('jobs.startedAt', 'startedAt', {
            render: (_: string, r) => (
              <Space orientation="vertical" size={0}>
                <span>{shanghaiTime(r.startedAt)}</span>
                <Typography.Text type="secondary">#{r.id}</Typography.Text>
              </Space>
            ),
          }),
          col.text('jobs.businessDate', 'businessDate'),
          col.text('jobs.trigger', 'trigger', {
            render: (v: string, r) => (
              <Space orientation="vertical" size={0}>
                <span>{enumLabel(t, 'jobRunTrigger', v)}</span>
                {r.startedBy && <Typography.Text type="secondary">{r.startedBy}</Typography.Text>}
                {r.retryOf && (
                  <Typography.Text type="secondary">
                    {t('jobs.retryOf', { id: r.retryOf })}
                  </Typography.Text>
                )}
              </Space>
            ),
          }),
          col.text('jobs.params', 'params', {
            render: (v: Record<string, unknown>) =>
              Object.keys(v).length > 0 ? <code>{JSON.stringify(v)}</code> : '—',
          }),
          col.status('jobs.status', 'status', 'jobRunStatus'),
          col.text('jobs.counts', 'counts', {
            width: 280,
            render: (_: unknown, r) =>
              r.status === 'running' ? (
                <RunProgress run={r} />
              ) : r.status === 'failed' ? (
                <Typography.Text type="danger">{r.error}</Typography.Text>
              ) : (
                countsText(t, r.counts)
              ),
          }),
          col.text('jobs.duration', 'durationMs', {
            align: 'right',
            render: (v: number | null) =>
              v === null ? '—' : t('jobs.seconds', { s: (v / 1000).toFixed(1) }),
          }),
          col.actions((r) =>
            r.status === 'failed' && job?.canRun ? (
              <Button
                size="small"
                loading={retry.isPending && retry.variables.runId === r.id}
                onClick={() =>
                  void retry
                    .mutateAsync({ runId: r.id })
                    .then(async () => {
                      void message.success(t('jobs.retried'));
                      await queryClient.invalidateQueries({ queryKey: trpc.jobs.pathKey() });
                    })
                    .catch((error: unknown) => handleError(error, { sayRefusals: true }))
                }
              >
                {t('jobs.retry')}
              </Button>
            ) : null,
          ),
        ]}
      />
      <PageNav pages={pages} nextCursor={runs.data?.nextCursor} busy={runs.isFetching} />
    </Drawer>
  );
}
