'use client';
// 待复核批准: resolutions of manual review as succeeded above the approval limit, waiting for
// a second finance user. The engine refuses the proposer (four eyes) with its own words, shown
// as they are; a resolution the channel overtook comes back as a conflict.
import { useQuery } from '@tanstack/react-query';
import { Card, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { DataTable, DecisionLinks, MutationModal, NoteField, useColumns } from '@/components/kit';
import { useT } from '@/i18n';
import { yuan } from '@/lib/format';
import { useCan } from '@/lib/session';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type Row = RouterOutputs['debits']['resolutions'][number];

export function ResolutionsQueue() {
  const t = useT();
  const trpc = useTRPC();
  const col = useColumns<Row>();
  const canDecide = useCan('debits.review');
  const [decision, setDecision] = useState<{ row: Row; approve: boolean } | null>(null);
  const list = useQuery({
    ...trpc.debits.resolutions.queryOptions({}),
    refetchInterval: 5000,
  });

  const columns: TableColumnsType<Row> = [
    col.text('debits.orderNo', 'orderNo'),
    col.text('debits.period', 'period', { align: 'right', width: 70 }),
    col.money('debits.amount', 'amount'),
    col.text('debits.channel', 'channel'),
    col.text('review.evidence', 'evidence'),
    col.text('debits.reason', 'reason'),
    col.text('review.proposedBy', 'proposedBy'),
    col.time('review.proposedAt', 'proposedAt'),
    col.status('common.status', 'status', 'resolutionStatus'),
  ];
  if (canDecide)
    columns.push(
      col.actions((row) => (
        <DecisionLinks
          approveLabel={t('review.approve')}
          rejectLabel={t('review.reject')}
          onDecide={(approve) => setDecision({ row, approve })}
        />
      )),
    );

  return (
    <Card title={t('review.waiting')} size="small">
      <Typography.Paragraph type="secondary">{t('review.waitingHelp')}</Typography.Paragraph>
      <DataTable<Row>
        rowKey="id"
        size="small"
        aria-label={t('review.waiting')}
        data-testid="review-waiting"
        loading={list.isLoading}
        dataSource={list.data}
        empty={t('review.empty')}
        scroll={{ x: 1100 }}
        columns={columns}
      />
      <MutationModal
        open={decision !== null}
        onClose={() => setDecision(null)}
        title={t(decision?.approve ? 'review.approveTitle' : 'review.rejectTitle', {
          amount: decision ? yuan(decision.row.amount) : '',
        })}
        okText={t(decision?.approve ? 'review.approve' : 'review.reject')}
        danger={decision?.approve === false}
        mutation={trpc.debits.decideResolution.mutationOptions()}
        input={(v: { note: string }) => ({
          resolutionId: decision!.row.id,
          approve: decision!.approve,
          note: v.note.trim(),
        })}
        success={t(decision?.approve ? 'review.approved' : 'review.rejected')}
        invalidate={[trpc.debits.pathKey()]}
        invalidateOnConflict
        sayRefusals
      >
        <NoteField label={t('review.note')} min={2} max={500} />
      </MutationModal>
    </Card>
  );
}
