// A `fail_card` answer (lost, frozen, agreement gone) stops debits of the card at that channel
// until the borrower binds again. One copy of it, run inside the caller's transaction: the debit
// state machine suspends in the same transaction that fails the order, whichever way the answer
// came (the debit's response, a query, a notification).
import type { Executor } from '../../lib/executor';
import { AppError } from '../../lib/errors';
import { createAuditRepo, createOutboxRepo, type Actor } from '../events';
import type { ChannelAnswer } from './channels.types';
import { createChannelsRepo } from './channels.repo';

/**
 * Suspend the card's agreement at the channel, in the caller's transaction; idempotent (a
 * second report changes nothing).
 */
export async function suspendAgreementOnCardFailure(
  tx: Executor,
  cardId: bigint,
  channelCode: string,
  answer: Pick<ChannelAnswer, 'resultClass' | 'rawCode' | 'rawMessage'>,
  actor: Actor,
): Promise<{ suspended: boolean }> {
  if (answer.resultClass !== 'fail_card')
    throw new AppError(
      'UNPROCESSABLE',
      `only fail_card suspends an agreement, not ${answer.resultClass}`,
    );
  const repos = {
    channels: createChannelsRepo(tx),
    audit: createAuditRepo(tx),
    outbox: createOutboxRepo(tx),
  };
  const changed = await repos.channels.suspendAgreement(
    cardId,
    channelCode,
    answer.rawCode,
    answer.rawMessage,
  );
  if (!changed) return { suspended: false };
  await repos.outbox.add({
    eventId: `agreement.suspended:${cardId}:${channelCode}:${answer.rawCode}`,
    topic: 'agreement.suspended',
    aggregateType: 'card',
    aggregateId: String(cardId),
    payload: { channel: channelCode, rawCode: answer.rawCode, rawMessage: answer.rawMessage },
  });
  await repos.audit.record({
    actorType: actor.type,
    actorId: actor.id,
    action: 'agreement.suspend',
    entityType: 'card',
    entityId: String(cardId),
    diff: { channel: channelCode, rawCode: answer.rawCode },
  });
  return { suspended: true };
}
