'use client';
// Approve or reject a waiver waiting for approval (loans.waive.approve: admin, finance), with a
// note. The engine refuses the one who asked for it (four eyes) with its own words, shown as
// they are rather than a bare 无权限; a waiver decided meanwhile, or one the loan no longer
// owes, comes back as a conflict message.
import { MutationModal, NoteField } from '@/components/kit';
import { useT } from '@/i18n';
import { yuan } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';
import type { Waiver } from './waiver-columns';

export interface Decision {
  waiver: Waiver;
  approve: boolean;
}

export function WaiverDecisionModal(props: { decision: Decision | null; onClose: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const { decision } = props;
  const amount = decision ? yuan(decision.waiver.amount) : '';
  return (
    <MutationModal
      open={decision !== null}
      onClose={props.onClose}
      title={t(decision?.approve ? 'waivers.approveTitle' : 'waivers.rejectTitle', { amount })}
      okText={t(decision?.approve ? 'waivers.approve' : 'waivers.reject')}
      danger={decision?.approve === false}
      mutation={trpc.loans.decideWaiver.mutationOptions()}
      input={(v: { note: string }) => ({
        waiverId: decision!.waiver.waiverId,
        approve: decision!.approve,
        note: v.note.trim(),
      })}
      success={t(decision?.approve ? 'waivers.approved' : 'waivers.rejected')}
      invalidate={[trpc.loans.pathKey()]}
      invalidateOnConflict
      sayRefusals
    >
      <NoteField label={t('waivers.note')} max={200} />
    </MutationModal>
  );
}
