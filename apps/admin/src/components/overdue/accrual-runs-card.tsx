'use client';
// The daily accrual runs (a run in progress shows its count so far), and accruing a date by
// hand (finance and admin; the engine refuses a future or impossible date, naming the field).
import { useQuery } from '@tanstack/react-query';
import { Card, DatePicker, Form, Input } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { DataTable, MutationModalButton, useColumns } from '@/components/kit';
import { useT } from '@/i18n';
import { useCan } from '@/lib/session';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type Run = RouterOutputs['overdue']['runs'][number];

export function AccrualRunsCard() {
  const t = useT();
  const trpc = useTRPC();
  const col = useColumns<Run>();
  const canRun = useCan('overdue.run');
  const runs = useQuery({
    ...trpc.overdue.runs.queryOptions({ limit: 60 }),
    // Follow a run in progress; otherwise an occasional refresh is enough.
    refetchInterval: (q) => (q.state.data?.some((r) => r.status === 'running') ? 1500 : 15_000),
  });
  const summary = useQuery(trpc.overdue.summary.queryOptions());

  return (
    <Card
      title={t('overdue.runs')}
      extra={
        canRun && (
          <MutationModalButton
            button={{ label: t('overdue.accrue') }}
            initialValues={{ date: dayjs(summary.data?.today) }}
            mutation={trpc.overdue.accrue.mutationOptions()}
            input={(v: { date: Dayjs; reason: string }) => ({
              date: v.date.format('YYYY-MM-DD'),
              reason: v.reason,
            })}
            success={(result) => t(result.started ? 'overdue.accrueStarted' : 'overdue.accrueDone')}
            invalidate={[trpc.overdue.pathKey()]}
          >
            <Form.Item name="date" label={t('overdue.date')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item
              name="reason"
              label={t('overdue.reason')}
              rules={[{ required: true, min: 2 }]}
            >
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </MutationModalButton>
        )
      }
    >
      <DataTable<Run>
        rowKey="id"
        size="small"
        data-testid="accrual-runs"
        loading={runs.isLoading}
        dataSource={runs.data}
        pageSize={10}
        columns={[
          col.text('overdue.date', 'businessDate'),
          col.status('overdue.status', 'status', 'accrualRunStatus'),
          col.count('overdue.installments', 'installments'),
          col.money('overdue.accrued', 'accrued'),
          col.text('overdue.startedBy', 'startedBy'),
          col.time('overdue.finishedAt', 'finishedAt'),
        ]}
      />
    </Card>
  );
}
