'use client';
// A reconciliation case's columns: the day and channel, what kind of difference, where it
// stands (and an action waiting for approval), the order, ours and theirs, the difference.
import { Space, Tag, Typography, type TableColumnsType } from 'antd';
import { Money, useColumns } from '@/components/kit';
import { StatusBadge } from '@/components/status';
import { enumLabel, useT } from '@/i18n';
import type { RouterOutputs } from '@/lib/trpc';

export type ReconCase = RouterOutputs['recon']['cases']['items'][number];

/** Our side or theirs: the status as each says it, and the amount. */
function Side({ status, amount }: { status: string | null; amount: string | null }) {
  return (
    <Space size={4}>
      <span>{status ?? '—'}</span>
      {amount !== null && <Money value={amount} />}
    </Space>
  );
}

export function useCaseColumns(): TableColumnsType<ReconCase> {
  const t = useT();
  const col = useColumns<ReconCase>();
  return [
    col.text('recon.businessDate', 'businessDate', { width: 110 }),
    col.code('recon.channel', 'channelCode'),
    col.tag('recon.kind', 'kind', 'reconCaseKind'),
    {
      title: t('common.status'),
      key: 'status',
      render: (_, c) => (
        <Space size={4}>
          <StatusBadge group="reconCaseStatus" value={c.status} />
          {c.pendingAction && (
            <Tag color="warning">
              {t('recon.waitingFor', {
                action: enumLabel(t, 'reconCaseAction', c.pendingAction.action),
              })}
            </Tag>
          )}
        </Space>
      ),
    },
    col.optional('recon.orderId', 'orderId', {
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    }),
    {
      title: t('recon.ours'),
      key: 'ours',
      render: (_, c) => <Side status={c.ourStatus} amount={c.ourAmount} />,
    },
    {
      title: t('recon.theirs'),
      key: 'theirs',
      render: (_, c) => <Side status={c.theirStatus} amount={c.theirAmount} />,
    },
    {
      title: t('recon.difference'),
      dataIndex: 'difference',
      align: 'right',
      render: (v: string) => <Money value={v} danger={v.startsWith('-')} />,
    },
    col.optional('recon.owner', 'owner'),
    col.time('recon.openedAt', 'createdAt'),
  ];
}
