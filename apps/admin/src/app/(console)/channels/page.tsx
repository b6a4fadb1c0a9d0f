'use client';
// Payment channels: the registry with status, circuit breaker, live success rate, limits,
// cost, agreements and today's volume; ops switch a channel down or into maintenance, edit its
// configuration (audited) and watch its health; below, the latest routing decisions.
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Form, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { CHANNEL_STATUSES } from '@repay/rules/vocabulary';
import { useChannelColumns, type Channel } from '@/components/channels/channel-columns';
import { ChannelConfigDrawer } from '@/components/channels/channel-config';
import { ChannelHealthDrawer } from '@/components/channels/channel-health';
import { RoutingDecisions } from '@/components/channels/routing-decisions';
import { MutationModal, ReasonField, Stack } from '@/components/kit';
import { useT } from '@/i18n';
import { useEnumOptions } from '@/lib/options';
import { useCan } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';

export default function ChannelsPage() {
  const t = useT();
  const trpc = useTRPC();
  const canWrite = useCan('channels.write');
  const list = useQuery({ ...trpc.channels.list.queryOptions(), refetchInterval: 10_000 });
  const statusOptions = useEnumOptions('channelStatus', CHANNEL_STATUSES);
  const [switching, setSwitching] = useState<Channel | null>(null);
  // A snapshot: the list refetches every 10 s, the form must not reset under the user's hands.
  const [configuring, setConfiguring] = useState<Channel | null>(null);
  const [watching, setWatching] = useState<string | null>(null);
  const byCode = (code: string | null) => list.data?.find((c) => c.code === code) ?? null;

  const columns = useChannelColumns((row) => (
    <Space size={4}>
      <Button size="small" onClick={() => setWatching(row.code)}>
        {t('channels.health')}
      </Button>
      {canWrite && (
        <>
          <Button size="small" onClick={() => setConfiguring(row)}>
            {t('channels.configure')}
          </Button>
          <Button size="small" onClick={() => setSwitching(row)}>
            {t('channels.setStatus')}
          </Button>
        </>
      )}
    </Space>
  ));

  return (
    <Stack>
      <Card title={t('channels.title')}>
        <Table<Channel>
          rowKey="code"
          size="middle"
          loading={list.isLoading}
          dataSource={list.data}
          pagination={false}
          // Wide enough that the fixed actions column never covers today's amount.
          scroll={{ x: 1700 }}
          columns={columns}
        />
        <MutationModal
          open={switching !== null}
          onClose={() => setSwitching(null)}
          title={switching ? `${t('channels.setStatus')} · ${switching.code}` : ''}
          initialValues={{ status: switching?.status === 'up' ? 'maintenance' : 'up' }}
          mutation={trpc.channels.setStatus.mutationOptions()}
          input={(v: { status: Channel['status']; reason: string }) => ({
            code: switching!.code,
            ...v,
          })}
          invalidate={[trpc.channels.list.queryKey()]}
        >
          <Form.Item name="status" label={t('channels.statusTo')} rules={[{ required: true }]}>
            <Select options={statusOptions} />
          </Form.Item>
          <ReasonField label={t('rules.reason')} />
        </MutationModal>
        <ChannelConfigDrawer channel={configuring} onClose={() => setConfiguring(null)} />
        <ChannelHealthDrawer channel={byCode(watching)} onClose={() => setWatching(null)} />
      </Card>
      <RoutingDecisions />
    </Stack>
  );
}
