'use client';
// Approve or reject a transfer an API key backdated beyond the limit (transfers.approve:
// finance, admin), with the reason the audit log keeps. Approved, it completes at once; one
// decided meanwhile comes back as a conflict and the list refreshes.
import { Typography } from 'antd';
import { MutationModal, ReasonField } from '@/components/kit';
import { useT } from '@/i18n';
import { useTRPC } from '@/lib/trpc';

/** The engine's limit (MAX_BACKDATE_DAYS_WITHOUT_APPROVAL): shown in the help text. */
const BACKDATE_DAYS_WITHOUT_APPROVAL = 7;

export interface TransferDecision {
  transferId: string;
  cutoffDate: string;
  approve: boolean;
}

export function TransferDecisionModal(props: {
  decision: TransferDecision | null;
  onClose: () => void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const { decision } = props;
  const id = decision?.transferId ?? '';
  return (
    <MutationModal
      open={decision !== null}
      onClose={props.onClose}
      title={t(decision?.approve ? 'transfers.approveTitle' : 'transfers.rejectTitle', { id })}
      okText={t(decision?.approve ? 'transfers.approve' : 'transfers.reject')}
      danger={decision?.approve === false}
      intro={
        <Typography.Paragraph type="secondary">
          {t('transfers.approveHelp', {
            date: decision?.cutoffDate ?? '',
            days: BACKDATE_DAYS_WITHOUT_APPROVAL,
          })}
        </Typography.Paragraph>
      }
      mutation={trpc.transfers.decide.mutationOptions()}
      input={(v: { reason: string }) => ({
        transferId: id,
        approve: decision!.approve,
        reason: v.reason.trim(),
      })}
      success={t(decision?.approve ? 'transfers.approved' : 'transfers.rejected')}
      invalidate={[trpc.transfers.pathKey(), trpc.loans.pathKey()]}
      invalidateOnConflict
    >
      <ReasonField label={t('transfers.decisionReason')} />
    </MutationModal>
  );
}
