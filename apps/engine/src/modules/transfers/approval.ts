// A transfer an API key backdates by more than a week waits for a person: a cut-off that far
// back re-attributes collections already booked to the seller, so a signed call alone is not
// enough. Finance or an administrator approves it in the console (it then completes at once)
// or rejects it; either way with a reason, in the audit log. The decider need not differ from
// anyone: the request came from a system, not a person.
import { addDays } from '@repay/rules';
import type { Clock } from '../../lib/clock';
import { AppError, notFound } from '../../lib/errors';
import type { Transactor } from '../../lib/transaction';
import type { Actor } from '../events';
import { completeTransfer, type TransferRepos } from './completion';

/** An API key's cut-off at most this many days before today needs no approval. */
export const MAX_BACKDATE_DAYS_WITHOUT_APPROVAL = 7;

/** Whether a transfer requested now with this cut-off waits for a person's approval. */
export const needsApproval = (cutoffDate: string, actor: Actor, today: string): boolean =>
  actor.type === 'api_key' && cutoffDate < addDays(today, -MAX_BACKDATE_DAYS_WITHOUT_APPROVAL);

export function createTransferDecisions(deps: {
  transaction: Transactor<TransferRepos>;
  clock: Clock;
}) {
  const { transaction, clock } = deps;
  return {
    /**
     * Approve (the transfer is scheduled, and completes at once when its cut-off has come) or
     * reject a transfer waiting for approval. A transfer decided meanwhile is a conflict; a loan
     * no longer active cannot be transferred, so such a transfer can only be rejected.
     */
    async decide(transferId: string, approve: boolean, reason: string, actor: Actor) {
      return transaction(async (repos) => {
        const transfer = await repos.transfers.byTransferId(transferId, true);
        if (!transfer) throw notFound(`transfer ${transferId}`, 'transferId');
        if (transfer.status !== 'pending_approval')
          throw new AppError('CONFLICT', `transfer ${transferId} is ${transfer.status}`, {
            field: 'transferId',
          });
        const orderNos = (await repos.transfers.loansOf(transfer.id)).map((l) => l.orderNo);
        if (approve)
          for (const loan of await repos.transfers.lockLoans(orderNos))
            if (loan.status !== 'active')
              throw new AppError(
                'UNPROCESSABLE',
                `loan ${loan.orderNo} is ${loan.status}: this transfer can only be rejected`,
                { field: 'transferId' },
              );
        const decidedBy = `${actor.type}:${actor.id}`;
        await repos.transfers.decide(transfer.id, approve ? 'scheduled' : 'rejected', {
          by: decidedBy,
          reason,
        });
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: approve ? 'asset_transfer.approve' : 'asset_transfer.reject',
          entityType: 'asset_transfer',
          entityId: transferId,
          reason,
          diff: { cutoffDate: transfer.cutoffDate, requestedBy: transfer.createdBy },
        });
        if (!approve)
          await repos.outbox.add({
            eventId: `asset_transfer.rejected:${transferId}`,
            topic: 'asset_transfer.rejected',
            aggregateType: 'asset_transfer',
            aggregateId: transferId,
            payload: { transferId, orderNos, cutoffDate: transfer.cutoffDate, reason },
          });
        else if (transfer.cutoffDate <= clock.today())
          await completeTransfer(repos, (await repos.transfers.byTransferId(transferId, true))!);
        return { transferId, status: approve ? 'approved' : 'rejected' };
      });
    },
  };
}
