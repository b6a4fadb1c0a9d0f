'use client';
// 减免审批: waivers by status (waiting for approval first), newest first, 50 at a time, with a
// link to the loan; finance and admin approve or reject those waiting, each with a note.
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { Button, Card, Input, Segmented, Space, Table, type TableColumnsType } from 'antd';
import Link from 'next/link';
import { useState } from 'react';
import { LoadMore } from '@/components/load-more';
import { enumLabel, useT } from '@/i18n';
import { useCan } from '@/lib/session';
import { useTRPC, type RouterInputs } from '@/lib/trpc';
import { useWaiverColumns, type Waiver } from './waiver-columns';
import { WaiverDecisionModal, type Decision } from './waiver-decision-modal';

type Status = NonNullable<RouterInputs['loans']['waivers']['status']>;
const STATUSES: Status[] = ['pending_approval', 'applied', 'rejected'];

export function WaiversQueue() {
  const t = useT();
  const trpc = useTRPC();
  const canDecide = useCan('loans.waive.approve');
  const [status, setStatus] = useState<Status | 'all'>('pending_approval');
  const [orderNo, setOrderNo] = useState('');
  const [decision, setDecision] = useState<Decision | null>(null);
  const list = useInfiniteQuery({
    ...trpc.loans.waivers.infiniteQueryOptions(
      { status: status === 'all' ? undefined : status, orderNo: orderNo || undefined, limit: 50 },
      { getNextPageParam: (last) => last.nextCursor },
    ),
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const common = useWaiverColumns();

  const columns: TableColumnsType<Waiver> = [
    {
      title: t('waivers.orderNo'),
      dataIndex: 'orderNo',
      fixed: 'left',
      render: (v: string) => <Link href={`/loans/${encodeURIComponent(v)}?tab=waivers`}>{v}</Link>,
    },
    ...common,
  ];
  if (canDecide)
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_: unknown, w) =>
        w.status === 'pending_approval' && (
          <Space size={0}>
            <Button
              type="link"
              size="small"
              onClick={() => setDecision({ waiver: w, approve: true })}
            >
              {t('waivers.approve')}
            </Button>
            <Button
              type="link"
              size="small"
              danger
              onClick={() => setDecision({ waiver: w, approve: false })}
            >
              {t('waivers.reject')}
            </Button>
          </Space>
        ),
    });

  return (
    <Card
      title={<h1 className="page-title">{t('waivers.title')}</h1>}
      extra={
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t('waivers.orderNo')}
            aria-label={t('waivers.orderNo')}
            onSearch={(v) => setOrderNo(v.trim())}
            style={{ width: 220 }}
          />
          <Segmented<Status | 'all'>
            aria-label={t('waivers.filterStatus')}
            value={status}
            onChange={setStatus}
            options={[
              ...STATUSES.map((s) => ({ value: s, label: enumLabel(t, 'waiverStatus', s) })),
              { value: 'all', label: t('common.all') },
            ]}
          />
        </Space>
      }
    >
      <Table<Waiver>
        rowKey="waiverId"
        size="middle"
        aria-label={t('waivers.title')}
        data-testid="waiver-queue"
        loading={list.isFetching && !list.isFetchingNextPage}
        dataSource={rows}
        locale={{
          emptyText: t(status === 'pending_approval' ? 'waivers.emptyPending' : 'waivers.empty'),
        }}
        pagination={false}
        scroll={{ x: 1500 }}
        columns={columns}
      />
      <LoadMore {...list} />
      <WaiverDecisionModal decision={decision} onClose={() => setDecision(null)} />
    </Card>
  );
}
