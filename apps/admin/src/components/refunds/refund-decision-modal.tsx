'use client';
// Approve or reject a refund waiting for approval (refunds.handle), with a note. The engine
// refuses the one who asked for it (four eyes); its words are shown as they are.
import { MutationModal, NoteField } from '@/components/kit';
import { useT } from '@/i18n';
import { yuan } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';
import type { Refund } from './refund-columns';

export interface RefundDecision {
  refund: Refund;
  approve: boolean;
}

export function RefundDecisionModal(props: {
  decision: RefundDecision | null;
  onClose: () => void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const { decision } = props;
  const amount = decision ? yuan(decision.refund.amount) : '';
  return (
    <MutationModal
      open={decision !== null}
      onClose={props.onClose}
      title={t(decision?.approve ? 'refunds.approveTitle' : 'refunds.rejectTitle', { amount })}
      okText={t(decision?.approve ? 'refunds.approve' : 'refunds.reject')}
      danger={decision?.approve === false}
      mutation={trpc.payouts.decideRefund.mutationOptions()}
      input={(v: { note: string }) => ({
        id: decision!.refund.id,
        decision: decision!.approve ? ('approve' as const) : ('reject' as const),
        note: v.note.trim(),
      })}
      success={t(decision?.approve ? 'refunds.approved' : 'refunds.rejected')}
      invalidate={[trpc.payouts.pathKey()]}
      invalidateOnConflict
      sayRefusals
    >
      <NoteField label={t('refunds.note')} min={2} max={500} />
    </MutationModal>
  );
}
