// Orders under manual review decided by people: finance resolves one with the evidence; a success
// above the approval limit waits for a second user's approval.
import { fenToYuan, yuanToFen } from '@repay/rules';
import { AppError, notFound } from '../../lib/errors';
import type { Transactor } from '../../lib/transaction';
import { reopenQuotesOfFailedDebits } from '../loans';
import type { RuleResolver, RuleSnapshot } from '../rules';
import type { DebitOrderRow } from './debits.repo';
import type { Actor, Repos } from './results.types';
import type { Success } from './success-records';
import type { SuccessSettlement } from './successes';

/**
 * A debit under manual review resolved as succeeded for more than this (yuan) waits for a
 * second finance user's approval (`REPAY_REVIEW_APPROVAL_ABOVE`).
 */
export const DEFAULT_REVIEW_APPROVAL_ABOVE = '5000.00';

const actorKey = (a: Actor) => `${a.type}:${a.id}`;

export function createManualReview(deps: {
  transaction: Transactor<Repos>;
  rules: RuleResolver;
  settleMany: SuccessSettlement['settleMany'];
  /** Yuan; default DEFAULT_REVIEW_APPROVAL_ABOVE. */
  reviewApprovalAbove?: string;
}) {
  const { transaction, rules, settleMany } = deps;
  const approvalAboveFen = yuanToFen(deps.reviewApprovalAbove ?? DEFAULT_REVIEW_APPROVAL_ABOVE);

  /** Settle (success) or close (failure) an order under manual review on a person's word. */
  async function resolveNow(
    repos: Repos,
    allocation: RuleSnapshot<'allocation'>,
    order: DebitOrderRow,
    outcome: 'succeeded' | 'failed',
    evidence: string,
    actor: Actor,
  ): Promise<boolean> {
    if (outcome === 'succeeded') {
      const answer = {
        resultClass: 'success' as const,
        rawCode: 'MANUAL',
        rawMessage: evidence,
        data: {},
      };
      const successes: Success[] = [{ order, answer, source: 'manual', late: false }];
      return (await settleMany(repos, allocation, successes, actor)).has(order.id);
    }
    const failed = await repos.debits.transition(
      order.id,
      ['manual_review'],
      'failed',
      { resultClass: null, rawCode: 'MANUAL', rawMessage: evidence, finished: true },
      actor,
    );
    if (failed) await reopenQuotesOfFailedDebits(repos.tx, [order.idempotencyKey]);
    return failed;
  }

  return {
    /** The approval limit for resolutions as succeeded, in yuan. */
    reviewApprovalAbove: fenToYuan(approvalAboveFen),

    /**
     * Finance decides an order under manual review, with the evidence (statement line, bank
     * reply): success settles it exactly like a channel success; failure closes it. A success
     * above the approval limit credits money on one person's word: it is proposed, and waits
     * for another user's approval (decideResolution). Null when the order is not under review.
     */
    resolveByHand: async (
      orderKey: string,
      outcome: 'succeeded' | 'failed',
      evidence: { text: string; reason: string },
      actor: Actor,
    ): Promise<{
      status: 'succeeded' | 'failed' | 'pending_approval';
      resolutionId?: string;
    } | null> => {
      const allocation = await rules.snapshot('allocation');
      return transaction(async (repos) => {
        const [order] = await repos.debits.lockOrdersByKeys([orderKey]);
        if (!order || order.status !== 'manual_review') return null;
        if (await repos.debitReview.pendingOf(order.id))
          throw new AppError(
            'CONFLICT',
            'a resolution of this order waits for approval: approve or reject it first',
            { field: 'orderKey' },
          );
        if (outcome === 'succeeded' && order.amount > approvalAboveFen) {
          const id = await repos.debitReview.propose({
            debitOrderId: order.id,
            outcome,
            evidence: evidence.text,
            reason: evidence.reason,
            proposedBy: actorKey(actor),
          });
          if (id === null)
            throw new AppError('CONFLICT', 'a resolution of this order waits for approval', {
              field: 'orderKey',
            });
          return { status: 'pending_approval' as const, resolutionId: String(id) };
        }
        const text = `${evidence.text} (${evidence.reason})`;
        const moved = await resolveNow(repos, allocation, order, outcome, text, actor);
        return moved ? { status: outcome } : null;
      });
    },

    /**
     * Another user approves (the order settles as the proposal says) or rejects a resolution
     * waiting for approval; the proposer never decides their own. An order the channel settled
     * meanwhile supersedes the proposal.
     */
    decideResolution: async (
      resolutionId: bigint,
      decision: { approve: boolean; note: string },
      actor: Actor,
    ) => {
      const allocation = await rules.snapshot('allocation');
      const outcome = await transaction(async (repos) => {
        const proposal = await repos.debitReview.lock(resolutionId);
        if (!proposal) throw notFound(`resolution ${resolutionId}`, 'resolutionId');
        if (proposal.status !== 'pending_approval')
          throw new AppError('CONFLICT', `this resolution is ${proposal.status}`, {
            field: 'resolutionId',
          });
        if (proposal.proposedBy === actorKey(actor))
          throw new AppError(
            'FORBIDDEN',
            'a resolution is approved by someone other than who proposed it',
            { field: 'resolutionId' },
          );
        if (!decision.approve) {
          await repos.debitReview.decide(resolutionId, 'rejected', actorKey(actor), decision.note);
          return { ...proposal, status: 'rejected' as const };
        }
        const [order] = await repos.debits.lockOrdersByKeys([proposal.orderKey]);
        if (!order || order.status !== 'manual_review') {
          await repos.debitReview.decide(
            resolutionId,
            'superseded',
            null,
            `the order is ${order?.status}`,
          );
          return { ...proposal, status: 'superseded' as const };
        }
        const text = `${proposal.evidence} (${proposal.reason}; proposed by ${proposal.proposedBy}, approved: ${decision.note})`;
        await resolveNow(repos, allocation, order, proposal.outcome, text, actor);
        await repos.debitReview.decide(resolutionId, 'approved', actorKey(actor), decision.note);
        return { ...proposal, status: 'approved' as const };
      });
      if (outcome.status === 'superseded')
        throw new AppError('CONFLICT', 'the order is no longer under manual review', {
          field: 'resolutionId',
        });
      return outcome;
    },
  };
}
