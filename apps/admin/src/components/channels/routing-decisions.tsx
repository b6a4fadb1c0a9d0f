'use client';
// The latest routing decisions: which route of which rule version matched, each candidate's
// score or the reason it was excluded, degraded channels marked, and the channel chosen.
import { useQuery } from '@tanstack/react-query';
import { Card, Space, Table, Tag, Tooltip } from 'antd';
import { enumLabel, useT } from '@/i18n';
import { formatYuan, shanghaiTime } from '@/lib/format';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type Decision = RouterOutputs['channels']['decisions'][number];

export function RoutingDecisions() {
  const t = useT();
  const trpc = useTRPC();
  const list = useQuery({
    ...trpc.channels.decisions.queryOptions({ limit: 50 }),
    refetchInterval: 10_000,
  });
  return (
    <Card title={t('channels.decisions')} data-testid="routing-decisions">
      <Table<Decision>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: 1000 }}
        columns={[
          {
            title: t('channels.time'),
            dataIndex: 'createdAt',
            width: 170,
            render: (v: string) => shanghaiTime(v),
          },
          {
            title: t('channels.decisionKey'),
            dataIndex: 'decisionKey',
            render: (v: string) => <code>{v}</code>,
          },
          { title: t('channels.route'), dataIndex: 'route' },
          {
            title: t('channels.bank'),
            dataIndex: 'bankCode',
            render: (v: string) => enumLabel(t, 'bank', v),
          },
          {
            title: t('channels.amount'),
            dataIndex: 'amount',
            align: 'right',
            render: (v: string) => formatYuan(v),
          },
          {
            title: t('channels.chosen'),
            dataIndex: 'chosen',
            render: (v: string | null) =>
              v ? <Tag color="blue">{v}</Tag> : <Tag color="red">{t('channels.noChannel')}</Tag>,
          },
          {
            title: t('channels.candidates'),
            dataIndex: 'candidates',
            render: (candidates: Decision['candidates']) => (
              <Space size={[4, 4]} wrap>
                {candidates.map((c) => (
                  <Tooltip
                    key={c.code}
                    title={
                      c.successRate === null
                        ? undefined
                        : `${t('channels.successRate')} ${(c.successRate * 100).toFixed(1)}%`
                    }
                  >
                    <Tag color={c.excluded ? 'default' : c.degraded ? 'orange' : 'green'}>
                      {c.code}{' '}
                      {c.excluded
                        ? enumLabel(t, 'exclusion', c.excluded)
                        : `${c.score}${c.degraded ? ` · ${t('channels.degraded')}` : ''}`}
                    </Tag>
                  </Tooltip>
                ))}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
