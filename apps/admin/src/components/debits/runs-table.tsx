'use client';
// Window runs with live progress (shards done/total, orders by status, asked vs collected),
// the actions a run's state allows (each with a reason), and starting a run by hand.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Progress,
  Select,
  Space,
  Table,
  Tag,
  TimePicker,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { StatusBadge } from '@/components/status';
import { enumLabel, useT } from '@/i18n';
import { handleError } from '@/lib/errors';
import { shanghaiTime, yuan } from '@/lib/format';
import { businessLines, useEnumOptions, useReferenceOptions } from '@/lib/options';
import { useCan } from '@/lib/session';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type Run = RouterOutputs['debits']['runs'][number];
type Action = 'pause' | 'resume' | 'cancel' | 'retry';

const actionsFor = (r: Run): Action[] => [
  ...(r.status === 'running' ? (['pause', 'cancel'] as const) : []),
  ...(r.status === 'paused' ? (['resume', 'cancel'] as const) : []),
  ...(r.shardsFailed > 0 && r.status !== 'cancelled' ? (['retry'] as const) : []),
];

export function RunsTable() {
  const t = useT();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const canRun = useCan('debits.run');
  const runs = useQuery({ ...trpc.debits.runs.queryOptions({}), refetchInterval: 3000 });
  const now = useQuery(trpc.debits.now.queryOptions());
  const start = useMutation(
    trpc.debits.startRun.mutationOptions({ meta: { handlesErrors: true } }),
  );
  const act = useMutation(trpc.debits.runAction.mutationOptions({ meta: { handlesErrors: true } }));
  const [starting, setStarting] = useState(false);
  const [acting, setActing] = useState<{ run: Run; action: Action } | null>(null);
  const [startForm] = Form.useForm<{
    date: Dayjs;
    window: Dayjs;
    funderCode?: string;
    businessLine?: string;
    reason: string;
  }>();
  const [actForm] = Form.useForm<{ reason: string }>();
  const { funders } = useReferenceOptions();
  const lineOptions = useEnumOptions('businessLine', businessLines);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.debits.runs.queryKey() });

  const submitStart = async () => {
    const v = await startForm.validateFields();
    try {
      await start.mutateAsync({
        date: v.date.format('YYYY-MM-DD'),
        window: v.window.format('HH:mm'),
        funderCode: v.funderCode,
        businessLine: v.businessLine as (typeof businessLines)[number] | undefined,
        reason: v.reason,
      });
      void message.success(t('common.saved'));
      setStarting(false);
      await refresh();
    } catch (error) {
      handleError(error, { form: startForm });
    }
  };

  const submitAction = async () => {
    if (!acting) return;
    const v = await actForm.validateFields();
    try {
      await act.mutateAsync({ runId: acting.run.id, action: acting.action, reason: v.reason });
      setActing(null);
      await refresh();
    } catch (error) {
      handleError(error, { form: actForm });
    }
  };

  return (
    <Card
      extra={
        canRun && (
          <Button
            type="primary"
            onClick={() => {
              startForm.resetFields();
              // The engine's business date and the current slot, not the browser's clock.
              startForm.setFieldsValue({
                date: dayjs(now.data?.date),
                window: dayjs(`2000-01-01T${now.data?.time.slice(0, 3) ?? '10:'}00`),
              });
              setStarting(true);
            }}
          >
            {t('debits.startRun')}
          </Button>
        )
      }
    >
      <Table<Run>
        rowKey="id"
        size="middle"
        loading={runs.isLoading}
        dataSource={runs.data}
        pagination={false}
        locale={{ emptyText: t('debits.noRuns') }}
        scroll={{ x: 1400 }}
        columns={[
          { title: t('debits.date'), dataIndex: 'businessDate', width: 110 },
          { title: t('debits.window'), dataIndex: 'window', width: 80 },
          {
            title: t('debits.scope'),
            dataIndex: 'scope',
            render: (s: string) => (s === '*' ? t('debits.scopeAll') : <Tag>{s}</Tag>),
          },
          {
            title: t('debits.status'),
            dataIndex: 'status',
            render: (v: string, r) => (
              <Space size={4}>
                <StatusBadge group="runStatus" value={v} />
                {/* The selection still adds shards: the total grows page by page. */}
                {r.selecting && v === 'running' && (
                  <Tag color="processing">{t('debits.selecting')}</Tag>
                )}
              </Space>
            ),
          },
          {
            title: t('debits.progress'),
            key: 'progress',
            width: 180,
            render: (_: unknown, r) => (
              <Progress
                size="small"
                percent={
                  r.shardsTotal === 0
                    ? r.selecting
                      ? 0
                      : 100
                    : Math.round((r.shardsDone / r.shardsTotal) * 100)
                }
                status={
                  r.shardsFailed > 0 ? 'exception' : r.status === 'running' ? 'active' : undefined
                }
                format={() => `${r.shardsDone}/${r.shardsTotal}${r.selecting ? '+' : ''}`}
              />
            ),
          },
          { title: t('debits.installments'), dataIndex: 'installments', align: 'right' },
          {
            title: t('debits.byStatus'),
            dataIndex: 'byStatus',
            render: (by: Record<string, number>) => (
              <Space size={[4, 4]} wrap>
                {Object.entries(by).map(([status, n]) => (
                  <Tag key={status}>
                    {enumLabel(t, 'debitStatus', status)} {n}
                  </Tag>
                ))}
              </Space>
            ),
          },
          // Wide enough for ¥99,999,999.99 on one line: an amount never wraps.
          {
            title: t('debits.asked'),
            dataIndex: 'asked',
            align: 'right',
            width: 150,
            render: yuan,
          },
          {
            title: t('debits.collected'),
            dataIndex: 'collected',
            align: 'right',
            width: 150,
            render: yuan,
          },
          { title: t('debits.startedBy'), dataIndex: 'startedBy' },
          {
            title: t('debits.startedAt'),
            dataIndex: 'startedAt',
            width: 170,
            render: shanghaiTime,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right',
            render: (_: unknown, r) =>
              canRun && (
                <Space size={4}>
                  {actionsFor(r).map((action) => (
                    <Button
                      key={action}
                      size="small"
                      danger={action === 'cancel'}
                      onClick={() => {
                        actForm.resetFields();
                        setActing({ run: r, action });
                      }}
                    >
                      {t(`debits.${action}`)}
                    </Button>
                  ))}
                </Space>
              ),
          },
        ]}
      />
      <Modal
        open={starting}
        title={t('debits.startRun')}
        onCancel={() => setStarting(false)}
        onOk={() => void submitStart()}
        confirmLoading={start.isPending}
        destroyOnHidden
      >
        <Form form={startForm} layout="vertical">
          <Space>
            <Form.Item name="date" label={t('debits.date')} rules={[{ required: true }]}>
              {/* A run is for the engine's business today: other dates are refused there too. */}
              <DatePicker disabledDate={(d) => !d.isSame(dayjs(now.data?.date), 'day')} />
            </Form.Item>
            <Form.Item name="window" label={t('debits.window')} rules={[{ required: true }]}>
              <TimePicker format="HH:mm" minuteStep={5} />
            </Form.Item>
          </Space>
          <Form.Item name="funderCode" label={t('debits.funder')}>
            <Select allowClear options={funders} />
          </Form.Item>
          <Form.Item name="businessLine" label={t('debits.businessLine')}>
            <Select allowClear options={lineOptions} />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('debits.reason')}
            rules={[{ required: true, min: 2, message: t('rules.reasonRequired') }]}
          >
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={acting !== null}
        title={
          acting
            ? t('debits.actionTitle', { action: t(`debits.${acting.action}`), id: acting.run.id })
            : ''
        }
        onCancel={() => setActing(null)}
        onOk={() => void submitAction()}
        confirmLoading={act.isPending}
        destroyOnHidden
      >
        <Form form={actForm} layout="vertical">
          <Form.Item
            name="reason"
            label={t('debits.reason')}
            rules={[{ required: true, min: 2, message: t('rules.reasonRequired') }]}
          >
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
