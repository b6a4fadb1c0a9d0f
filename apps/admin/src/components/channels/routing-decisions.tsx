'use client';
// The latest routing decisions: which route of which rule version matched, each candidate's
// score or the reason it was excluded, degraded channels marked, and the channel chosen.
import { useQuery } from '@tanstack/react-query';
import { Card, Space, Tag, Tooltip } from 'antd';
import { DataTable, useColumns } from '@/components/kit';
import { enumLabel, useT } from '@/i18n';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type Decision = RouterOutputs['channels']['decisions'][number];

export function RoutingDecisions() {
  const t = useT();
  const trpc = useTRPC();
  const col = useColumns<Decision>();
  const list = useQuery({
    ...trpc.channels.decisions.queryOptions({ limit: 50 }),
    refetchInterval: 10_000,
  });
  return (
    <Card title={t('channels.decisions')} data-testid="routing-decisions">
      <DataTable<Decision>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data}
        pageSize={10}
        scroll={{ x: 1000 }}
        columns={[
          col.time('channels.time', 'createdAt', { width: 170 }),
          col.code('channels.decisionKey', 'decisionKey'),
          col.text('channels.route', 'route'),
          col.enum('channels.bank', 'bankCode', 'bank'),
          col.money('channels.amount', 'amount'),
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
