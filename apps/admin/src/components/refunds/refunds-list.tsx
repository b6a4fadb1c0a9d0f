'use client';
// 退款审批: refunds by status (waiting for approval first), newest first; refunds.handle asks
// for one, approves or rejects those waiting (never one's own: the engine says so), and pays
// again an approved refund whose payout failed.
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import { App, Button, Segmented, Space, type TableColumnsType } from 'antd';
import { useState } from 'react';
import {
  DecisionLinks,
  KeysetTable,
  nextCursorPaging,
  TitledCard,
  useColumns,
} from '@/components/kit';
import { enumLabel, useT } from '@/i18n';
import { handleError } from '@/lib/errors';
import { useCan } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';
import { REFUND_STATUSES } from '@repay/rules/vocabulary';
import { useRefundColumns, type Refund } from './refund-columns';
import { RefundDecisionModal, type RefundDecision } from './refund-decision-modal';
import { RequestRefundAction } from './request-refund-action';

type Status = (typeof REFUND_STATUSES)[number];

export function RefundsList() {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const col = useColumns<Refund>();
  const canHandle = useCan('refunds.handle');
  const [status, setStatus] = useState<Status | 'all'>('pending_approval');
  const [decision, setDecision] = useState<RefundDecision | null>(null);
  const list = useInfiniteQuery({
    ...trpc.payouts.refunds.infiniteQueryOptions(
      { status: status === 'all' ? undefined : status, limit: 50 },
      nextCursorPaging,
    ),
    placeholderData: keepPreviousData,
  });
  const payAgain = useMutation(
    trpc.payouts.payRefundAgain.mutationOptions({ meta: { handlesErrors: true } }),
  );
  const columns: TableColumnsType<Refund> = [...useRefundColumns()];
  if (canHandle)
    columns.push(
      col.actions(
        (refund) =>
          refund.status === 'pending_approval' ? (
            <DecisionLinks
              approveLabel={t('refunds.approve')}
              rejectLabel={t('refunds.reject')}
              onDecide={(approve) => setDecision({ refund, approve })}
            />
          ) : (
            refund.payoutStatus === 'failed' && (
              <Button
                size="small"
                loading={payAgain.isPending}
                onClick={() =>
                  void payAgain
                    .mutateAsync({ id: refund.id })
                    .then(() => void message.success(t('refunds.paidAgain')))
                    .catch((error: unknown) => handleError(error))
                    .finally(
                      () =>
                        void queryClient.invalidateQueries({ queryKey: trpc.payouts.pathKey() }),
                    )
                }
              >
                {t('refunds.payAgain')}
              </Button>
            )
          ),
        { fixed: 'right' },
      ),
    );

  return (
    <TitledCard
      heading={t('refunds.title')}
      extra={
        <Space wrap>
          <Segmented<Status | 'all'>
            aria-label={t('refunds.filterStatus')}
            value={status}
            onChange={setStatus}
            options={[
              ...REFUND_STATUSES.map((s) => ({ value: s, label: enumLabel(t, 'refundStatus', s) })),
              { value: 'all', label: t('common.all') },
            ]}
          />
          {canHandle && <RequestRefundAction />}
        </Space>
      }
    >
      <KeysetTable<Refund>
        list={list}
        rowKey="id"
        size="middle"
        empty={t('refunds.empty')}
        scroll={{ x: 1800 }}
        columns={columns}
      />
      <RefundDecisionModal decision={decision} onClose={() => setDecision(null)} />
    </TitledCard>
  );
}
