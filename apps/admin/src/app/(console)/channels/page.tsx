'use client';
// Payment channels: the registry with status, circuit breaker, live success rate, limits,
// cost, agreements and today's volume; ops switch a channel down or into maintenance, edit its
// configuration (audited) and watch its health; below, the latest routing decisions.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { CHANNEL_STATUSES } from '@repay/rules/vocabulary';
import { ChannelConfigDrawer } from '@/components/channels/channel-config';
import { ChannelHealthDrawer } from '@/components/channels/channel-health';
import { RoutingDecisions } from '@/components/channels/routing-decisions';
import { StatusBadge } from '@/components/status';
import { useT } from '@/i18n';
import { handleError } from '@/lib/errors';
import { formatCount, yuan } from '@/lib/format';
import { useEnumOptions } from '@/lib/options';
import { useCan } from '@/lib/session';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type Channel = RouterOutputs['channels']['list'][number];

export default function ChannelsPage() {
  const t = useT();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const canWrite = useCan('channels.write');
  const list = useQuery({ ...trpc.channels.list.queryOptions(), refetchInterval: 10_000 });
  const setStatus = useMutation(
    trpc.channels.setStatus.mutationOptions({ meta: { handlesErrors: true } }),
  );
  const statusOptions = useEnumOptions('channelStatus', CHANNEL_STATUSES);
  const [editing, setEditing] = useState<Channel | null>(null);
  // A snapshot: the list refetches every 10 s, the form must not reset under the user's hands.
  const [configuring, setConfiguring] = useState<Channel | null>(null);
  const [watching, setWatching] = useState<string | null>(null);
  const byCode = (code: string | null) => list.data?.find((c) => c.code === code) ?? null;
  const [form] = Form.useForm<{ status: Channel['status']; reason: string }>();

  const submit = async () => {
    const values = await form.validateFields();
    try {
      await setStatus.mutateAsync({ code: editing!.code, ...values });
      await queryClient.invalidateQueries({ queryKey: trpc.channels.list.queryKey() });
      void message.success(t('common.saved'));
      setEditing(null);
    } catch (error) {
      handleError(error, { form });
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('channels.title')}>
        <Table<Channel>
          rowKey="code"
          size="middle"
          loading={list.isLoading}
          dataSource={list.data}
          pagination={false}
          scroll={{ x: 1200 }}
          columns={[
            {
              title: t('channels.code'),
              dataIndex: 'code',
              render: (v: string) => <code>{v}</code>,
            },
            { title: t('common.name'), dataIndex: 'name' },
            {
              title: t('common.status'),
              dataIndex: 'status',
              render: (v: string) => <StatusBadge group="channelStatus" value={v} />,
            },
            {
              title: t('channels.circuit'),
              dataIndex: 'circuit',
              render: (c: Channel['circuit']) => (
                <Tooltip title={c.reason ?? undefined}>
                  <span data-testid="circuit">
                    <StatusBadge group="circuit" value={c.state} />
                  </span>
                </Tooltip>
              ),
            },
            {
              title: t('channels.liveRate'),
              dataIndex: 'live',
              align: 'right',
              render: (l: Channel['live']) =>
                l.successRate === null ? (
                  '—'
                ) : (
                  <Tooltip title={t('channels.liveAttempts', { count: l.attempts })}>
                    {`${(l.successRate * 100).toFixed(1)}%`}
                  </Tooltip>
                ),
            },
            { title: t('channels.vocabulary'), dataIndex: 'vocabulary' },
            {
              title: t('channels.banks'),
              dataIndex: 'banks',
              render: (banks: Channel['banks']) => (
                <Space size={[4, 4]} wrap>
                  {banks.map((b) => (
                    <Tag key={b.bankCode} title={`${yuan(b.singleLimit)} / ${yuan(b.dailyLimit)}`}>
                      {b.bankCode}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            { title: t('channels.cost'), dataIndex: 'costPerTxn', align: 'right', render: yuan },
            {
              title: t('channels.agreements'),
              dataIndex: 'agreements',
              align: 'right',
              render: formatCount,
            },
            {
              title: t('channels.todayCount'),
              dataIndex: 'todayCount',
              align: 'right',
              render: formatCount,
            },
            {
              title: t('channels.todayRate'),
              dataIndex: 'todaySuccessRate',
              align: 'right',
              render: (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`),
            },
            {
              title: t('channels.todayAmount'),
              dataIndex: 'todayAmount',
              align: 'right',
              render: yuan,
            },
            {
              title: t('common.actions'),
              key: 'actions',
              fixed: 'right',
              render: (_: unknown, row) => (
                <Space size={4}>
                  <Button size="small" onClick={() => setWatching(row.code)}>
                    {t('channels.health')}
                  </Button>
                  {canWrite && (
                    <>
                      <Button size="small" onClick={() => setConfiguring(row)}>
                        {t('channels.configure')}
                      </Button>
                      <Button
                        size="small"
                        onClick={() => {
                          form.resetFields();
                          form.setFieldsValue({
                            status: row.status === 'up' ? 'maintenance' : 'up',
                          });
                          setEditing(row);
                        }}
                      >
                        {t('channels.setStatus')}
                      </Button>
                    </>
                  )}
                </Space>
              ),
            },
          ]}
        />
        <Modal
          open={editing !== null}
          title={editing ? `${t('channels.setStatus')} · ${editing.code}` : ''}
          onCancel={() => setEditing(null)}
          onOk={() => void submit()}
          confirmLoading={setStatus.isPending}
          destroyOnHidden
        >
          <Form form={form} layout="vertical">
            <Form.Item name="status" label={t('channels.statusTo')} rules={[{ required: true }]}>
              <Select options={statusOptions} />
            </Form.Item>
            <Form.Item
              name="reason"
              label={t('rules.reason')}
              rules={[{ required: true, min: 2, message: t('rules.reasonRequired') }]}
            >
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </Form>
        </Modal>
        <ChannelConfigDrawer channel={configuring} onClose={() => setConfiguring(null)} />
        <ChannelHealthDrawer channel={byCode(watching)} onClose={() => setWatching(null)} />
      </Card>
      <RoutingDecisions />
    </Space>
  );
}
