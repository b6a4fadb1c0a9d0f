// Result notifications pushed by channels. A forged, stale (replayed) or foreign-merchant
// notification is refused and changes nothing. A verified one is stored once per distinct
// body (channels repeat themselves) and handed to every listener on each delivery: the
// listeners (the debit and payout state machines) are idempotent and never let a late
// "processing" override a final state, so a repeat is harmless. A valid signature proves only
// which channel sent it: listeners are told that channel, and apply a notification only to an
// order sent there whose id, amount and serial it matches (anything else is a channel anomaly).
import { createHash } from 'node:crypto';
import { AppError, notFound } from '../../lib/errors';
import type { FieldCrypto } from '../../lib/crypto';
import { adapterFor } from './adapters';
import type { ChannelAnswer, OrderState } from './channels.types';
import type { ChannelsRepo } from './channels.repo';
import type { ChannelHealthRepo } from './health.repo';

export type OrderResultListener = (
  /** The channel whose key signed the notification (not necessarily the order's). */
  channelCode: string,
  answer: ChannelAnswer<OrderState> & { data: OrderState & { orderId: string } },
) => Promise<void>;

export function createChannelNotifications(deps: {
  repo: ChannelsRepo;
  healthRepo: ChannelHealthRepo;
  crypto: FieldCrypto;
  /** Real time, not the business clock: signatures carry the sender's wall-clock time. */
  wallClockMs?: () => number;
}) {
  const { repo, healthRepo, crypto, wallClockMs = Date.now } = deps;
  const listeners: OrderResultListener[] = [];

  return {
    onOrderResult(listener: OrderResultListener) {
      listeners.push(listener);
    },

    async receive(
      channelCode: string,
      headers: Record<string, string | undefined>,
      body: string,
    ): Promise<{ firstDelivery: boolean }> {
      const channel = (await repo.listChannels()).find((c) => c.code === channelCode);
      if (!channel) throw notFound(`channel ${channelCode}`, 'channel');
      const answer = adapterFor(channel, crypto).verifyNotification({
        headers,
        body,
        nowMs: wallClockMs(),
      });
      if (!answer)
        throw new AppError(
          'UNAUTHORIZED',
          'notification signature, merchant or timestamp rejected',
          {
            field: 'signature',
          },
        );
      const orderId = answer.data.orderId;
      if (!orderId)
        throw new AppError('VALIDATION_FAILED', 'notification without orderId', {
          field: 'orderId',
        });
      const firstDelivery = await healthRepo.insertNotification({
        channelCode,
        orderId,
        resultClass: answer.resultClass,
        rawCode: answer.rawCode,
        rawMessage: answer.rawMessage,
        amount: answer.data.amountFen ?? null,
        channelSerial: answer.data.channelSerial ?? null,
        bodySha256: createHash('sha256').update(body).digest('hex'),
      });
      const verified = { ...answer, data: { ...answer.data, orderId } };
      for (const listener of listeners) await listener(channelCode, verified);
      return { firstDelivery };
    },

    received: (channelCode: string, orderId: string) =>
      healthRepo.notificationsOf(channelCode, orderId),
  };
}

export type ChannelNotifications = ReturnType<typeof createChannelNotifications>;
