'use client';
// The daily accrual runs (a run in progress shows its count so far), and accruing a date by
// hand (finance and admin; the engine refuses a future or impossible date, naming the field).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, Modal, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { StatusBadge } from '@/components/status';
import { useT } from '@/i18n';
import { handleError } from '@/lib/errors';
import { formatCount, shanghaiTime, yuan } from '@/lib/format';
import { useCan } from '@/lib/session';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type Run = RouterOutputs['overdue']['runs'][number];

export function AccrualRunsCard() {
  const t = useT();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const canRun = useCan('overdue.run');
  const runs = useQuery({
    ...trpc.overdue.runs.queryOptions({ limit: 60 }),
    // Follow a run in progress; otherwise an occasional refresh is enough.
    refetchInterval: (q) => (q.state.data?.some((r) => r.status === 'running') ? 1500 : 15_000),
  });
  const summary = useQuery(trpc.overdue.summary.queryOptions());
  const accrue = useMutation(
    trpc.overdue.accrue.mutationOptions({ meta: { handlesErrors: true } }),
  );
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ date: Dayjs; reason: string }>();

  const submit = async () => {
    const v = await form.validateFields();
    try {
      const result = await accrue.mutateAsync({
        date: v.date.format('YYYY-MM-DD'),
        reason: v.reason,
      });
      void message.success(t(result.started ? 'overdue.accrueStarted' : 'overdue.accrueDone'));
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: trpc.overdue.pathKey() });
    } catch (error) {
      handleError(error, { form });
    }
  };

  return (
    <Card
      title={t('overdue.runs')}
      extra={
        canRun && (
          <Button
            onClick={() => {
              form.resetFields();
              form.setFieldsValue({ date: dayjs(summary.data?.today) });
              setOpen(true);
            }}
          >
            {t('overdue.accrue')}
          </Button>
        )
      }
    >
      <Table<Run>
        rowKey="id"
        size="small"
        data-testid="accrual-runs"
        loading={runs.isLoading}
        dataSource={runs.data}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { title: t('overdue.date'), dataIndex: 'businessDate' },
          {
            title: t('overdue.status'),
            dataIndex: 'status',
            render: (v: string) => <StatusBadge group="accrualRunStatus" value={v} />,
          },
          {
            title: t('overdue.installments'),
            dataIndex: 'installments',
            align: 'right',
            render: (v: number) => formatCount(v),
          },
          { title: t('overdue.accrued'), dataIndex: 'accrued', align: 'right', render: yuan },
          { title: t('overdue.startedBy'), dataIndex: 'startedBy' },
          { title: t('overdue.finishedAt'), dataIndex: 'finishedAt', render: shanghaiTime },
        ]}
      />
      <Modal
        open={open}
        title={t('overdue.accrue')}
        onOk={() => void submit()}
        confirmLoading={accrue.isPending}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="date" label={t('overdue.date')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="reason" label={t('overdue.reason')} rules={[{ required: true, min: 2 }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
