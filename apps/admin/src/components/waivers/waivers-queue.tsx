'use client';
// 减免审批: waivers by status (waiting for approval first), newest first, 50 at a time, with a
// link to the loan; finance and admin approve or reject those waiting, each with a note.
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { Input, Segmented, Space, type TableColumnsType } from 'antd';
import { useState } from 'react';
import {
  DecisionLinks,
  KeysetTable,
  nextCursorPaging,
  TitledCard,
  useColumns,
} from '@/components/kit';
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
  const col = useColumns<Waiver>();
  const common = useWaiverColumns();
  const canDecide = useCan('loans.waive.approve');
  const [status, setStatus] = useState<Status | 'all'>('pending_approval');
  const [orderNo, setOrderNo] = useState('');
  const [decision, setDecision] = useState<Decision | null>(null);
  const list = useInfiniteQuery({
    ...trpc.loans.waivers.infiniteQueryOptions(
      { status: status === 'all' ? undefined : status, orderNo: orderNo || undefined, limit: 50 },
      nextCursorPaging,
    ),
    placeholderData: keepPreviousData,
  });

  const columns: TableColumnsType<Waiver> = [
    col.loan('waivers.orderNo', 'orderNo', 'waivers', { fixed: 'left' }),
    ...common,
  ];
  if (canDecide)
    columns.push(
      col.actions(
        (waiver) =>
          waiver.status === 'pending_approval' && (
            <DecisionLinks
              approveLabel={t('waivers.approve')}
              rejectLabel={t('waivers.reject')}
              onDecide={(approve) => setDecision({ waiver, approve })}
            />
          ),
        { fixed: 'right' },
      ),
    );

  return (
    <TitledCard
      heading={t('waivers.title')}
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
      <KeysetTable<Waiver>
        list={list}
        rowKey="waiverId"
        size="middle"
        aria-label={t('waivers.title')}
        data-testid="waiver-queue"
        empty={t(status === 'pending_approval' ? 'waivers.emptyPending' : 'waivers.empty')}
        scroll={{ x: 1500 }}
        columns={columns}
      />
      <WaiverDecisionModal decision={decision} onClose={() => setDecision(null)} />
    </TitledCard>
  );
}
