'use client';
// 任务: every job of the registry as the engine describes it (title, cron in business time,
// next run, latest run with its counts or progress), its runs in a drawer, and 立即运行 with
// the form its parameters generate, for those whose role owns the job.
import { useQuery } from '@tanstack/react-query';
import { Button, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { DataTable, TitledCard, useColumns } from '@/components/kit';
import { StatusBadge } from '@/components/status';
import { useT } from '@/i18n';
import { shanghaiTime } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';
import { JobRunsDrawer, RunProgress } from './job-runs-drawer';
import { countsText, jobTitle } from './job-labels';
import { StartJobModal, type Job } from './start-job-modal';

export function JobsCard() {
  const t = useT();
  const trpc = useTRPC();
  const col = useColumns<Job>();
  const jobs = useQuery({
    ...trpc.jobs.list.queryOptions(),
    refetchInterval: (q) =>
      q.state.data?.some((j) => j.latest?.status === 'running') ? 1000 : 15_000,
  });
  const [starting, setStarting] = useState<Job | null>(null);
  const [viewing, setViewing] = useState<Job | null>(null);

  return (
    <TitledCard heading={t('jobs.title')}>
      <Typography.Paragraph type="secondary">{t('jobs.intro')}</Typography.Paragraph>
      <DataTable<Job>
        rowKey="name"
        size="middle"
        data-testid="jobs"
        loading={jobs.isLoading}
        dataSource={jobs.data}
        scroll={{ x: 1100 }}
        columns={[
          col.text('jobs.job', 'title', {
            render: (_: string, j) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{jobTitle(t, j)}</Typography.Text>
                <Typography.Text type="secondary" code>
                  {j.name}
                </Typography.Text>
              </Space>
            ),
          }),
          col.text('jobs.schedule', 'schedule', {
            render: (v: string, j) => (
              <Space size={4}>
                <code>{v}</code>
                {j.inCycle && <Tag color="blue">{t('jobs.inCycle')}</Tag>}
              </Space>
            ),
          }),
          col.time('jobs.nextRun', 'nextRunAt'),
          col.text('jobs.latest', 'latest', {
            width: 320,
            render: (_: unknown, j) => {
              const run = j.latest;
              if (!run) return '—';
              return (
                <Space orientation="vertical" size={0} style={{ width: '100%' }}>
                  <Space size={8}>
                    <StatusBadge group="jobRunStatus" value={run.status} />
                    <Typography.Text type="secondary">
                      {shanghaiTime(run.startedAt)}
                    </Typography.Text>
                  </Space>
                  {run.status === 'running' ? (
                    <RunProgress run={run} />
                  ) : run.status === 'failed' ? (
                    <Typography.Text type="danger" ellipsis={{ tooltip: run.error }}>
                      {run.error}
                    </Typography.Text>
                  ) : (
                    <Typography.Text data-testid="latest-counts">
                      {countsText(t, run.counts)}
                    </Typography.Text>
                  )}
                </Space>
              );
            },
          }),
          col.actions((j) => (
            <Space size={4}>
              <Button size="small" onClick={() => setViewing(j)}>
                {t('jobs.runs')}
              </Button>
              {j.canRun && (
                <Button size="small" type="primary" onClick={() => setStarting(j)}>
                  {t('jobs.start')}
                </Button>
              )}
            </Space>
          )),
        ]}
      />
      <StartJobModal
        job={starting}
        onClose={() => setStarting(null)}
        onStarted={(job) => setViewing(job)}
      />
      <JobRunsDrawer job={viewing} onClose={() => setViewing(null)} />
    </TitledCard>
  );
}
