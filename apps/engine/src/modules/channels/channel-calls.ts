// Calls to the channels: each through the channel's adapter (built once per configuration, its
// secret decrypted) and gate (concurrency and rate: the transport keeps it). Debits go to the
// channel their decision chose, with the card's agreement there; queries ask about an order.
import type { ChannelRow } from '@repay/db/schema';
import { AppError } from '../../lib/errors';
import type { FieldCrypto } from '../../lib/crypto';
import { adapterFor } from './adapters';
import { orderHeldCodes } from './classification';
import type { ChannelAdapter, ChannelAnswer, OrderState } from './channels.types';
import type { ChannelsRepo } from './channels.repo';
import { createSignedAheadLimits } from './gates';
import type { ChannelHealth } from './health.service';
import type { ChannelTransport } from './transport';

/** A card's agreement at a channel, its protocol number encrypted. */
export interface Agreement {
  channelCode: string;
  protocolNoEnc: string;
}

export interface DebitToSend {
  orderId: string;
  channelCode: string;
  cardId: bigint;
  bankCode: string;
  amountFen: bigint;
  notifyUrl?: string;
  /**
   * The agreement routing read a moment ago (RoutedDebit.agreement). Without it the card's
   * agreements are read again before sending.
   */
  agreement?: Agreement | null;
}

/** A payout order to send: the payee's account and name as stored (encrypted). */
export interface PayoutToSend {
  orderId: string;
  channelCode: string;
  accountNoEnc: string;
  accountNameEnc: string;
  bankCode: string;
  amountFen: bigint;
  notifyUrl?: string;
}

export function createChannelCalls(deps: {
  repo: ChannelsRepo;
  health: ChannelHealth;
  crypto: FieldCrypto;
  transport: ChannelTransport;
  /** The registry as batches read it (at most once a second). */
  batchRegistry: () => Promise<ChannelRow[]>;
}) {
  const { repo, health, crypto, batchRegistry } = deps;
  const signedAheadOf = createSignedAheadLimits();

  // An adapter holds the channel's decrypted secret: built once per configuration.
  const adapters = new Map<string, { key: string; adapter: ChannelAdapter }>();
  function adapterOf(row: ChannelRow): ChannelAdapter {
    const key = [
      row.adapter,
      row.endpoint,
      row.merchant,
      row.secretEnc,
      row.vocabulary,
      row.timeoutMs,
      row.maxConcurrency,
      row.ratePerSecond,
    ].join('|');
    const cached = adapters.get(row.code);
    if (cached?.key === key) return cached.adapter;
    // Every call of the adapter (debits, queries) counts against the channel's limits.
    const gate = {
      code: row.code,
      maxConcurrency: row.maxConcurrency,
      ratePerSecond: row.ratePerSecond,
    };
    const adapter = adapterFor(row, crypto, (req) => deps.transport({ ...req, gate }));
    adapters.set(row.code, { key, adapter });
    return adapter;
  }

  async function channelRow(code: string): Promise<ChannelRow> {
    const row = (await repo.listChannels()).find((c) => c.code === code);
    if (!row)
      throw new AppError('UNPROCESSABLE', `channel ${code} is not registered`, {
        field: 'channel',
      });
    return row;
  }

  /**
   * Send debits to the channels their decisions chose, each through its channel's gate
   * (concurrency and rate; the transport keeps it), and count the answers (one statement).
   * Answers are returned as classified, by order id, and handed to `onAnswer` as each one
   * arrives (the caller records them without waiting for the slowest call); a failure to call
   * at all is `pending` (we do not know whether the channel got it). What an answer does
   * (a `fail_card` suspends the card's agreement) is the debit state machine's to apply.
   */
  async function sendDebits(
    inputs: DebitToSend[],
    opts: {
      batch?: boolean;
      onAnswer?: (orderId: string, answer: ChannelAnswer<OrderState>) => void;
    } = {},
  ): Promise<Map<string, ChannelAnswer<OrderState>>> {
    const answers = new Map<string, ChannelAnswer<OrderState>>();
    if (inputs.length === 0) return answers;
    const registry = opts.batch ? await batchRegistry() : await repo.listChannels();
    // Orders routed a moment ago carry the agreement routing read (one read per chunk, not two).
    const unread = inputs.filter((i) => i.agreement === undefined);
    const agreements = await repo.activeAgreementsOf([...new Set(unread.map((i) => i.cardId))]);
    const outcomes: Parameters<ChannelHealth['recordOutcomes']>[0] = [];
    await Promise.all(
      inputs.map(async (input) => {
        const channel =
          registry.find((c) => c.code === input.channelCode) ??
          (await channelRow(input.channelCode));
        const agreement =
          input.agreement === undefined
            ? (agreements.get(input.cardId) ?? []).find((a) => a.channelCode === input.channelCode)
            : input.agreement?.channelCode === input.channelCode
              ? input.agreement
              : undefined;
        if (!agreement) {
          // Never sent: the channel has nothing of it. The caller decides what that means.
          const refused: ChannelAnswer<OrderState> = {
            resultClass: 'fail_request',
            rawCode: 'NO_AGREEMENT',
            rawMessage: `no active agreement at ${input.channelCode}`,
            data: {},
          };
          answers.set(input.orderId, refused);
          opts.onAnswer?.(input.orderId, refused);
          return;
        }
        const answer = await signedAheadOf(channel)(async () => {
          const started = performance.now();
          let result: ChannelAnswer<OrderState>;
          try {
            result = await adapterOf(channel).debit({
              orderId: input.orderId,
              protocolNo: crypto.decrypt(agreement.protocolNoEnc),
              amountFen: input.amountFen,
              notifyUrl: input.notifyUrl,
            });
          } catch (error) {
            result = {
              resultClass: 'pending',
              rawCode: 'ENGINE_ERROR',
              rawMessage: (error as Error).message.slice(0, 200),
              data: {},
            };
          }
          outcomes.push({
            channelCode: input.channelCode,
            bankCode: input.bankCode,
            resultClass: result.resultClass,
            // The exchange's own time where the transport measured it (not the wait for a slot).
            latencyMs: result.latencyMs ?? performance.now() - started,
          });
          return result;
        });
        answers.set(input.orderId, answer);
        opts.onAnswer?.(input.orderId, answer);
      }),
    );
    await health.recordOutcomes(outcomes, opts.batch ? registry : undefined);
    return answers;
  }

  /**
   * Send one payout to its channel through the channel's gate. A failure to call at all is
   * `pending`: we do not know whether the channel got it, so it is queried, never sent again.
   */
  async function sendPayout(input: PayoutToSend): Promise<ChannelAnswer<OrderState>> {
    const registry = await batchRegistry();
    const channel =
      registry.find((c) => c.code === input.channelCode) ?? (await channelRow(input.channelCode));
    const started = performance.now();
    const answer = await signedAheadOf(channel)(async () => {
      try {
        return await adapterOf(channel).payout({
          orderId: input.orderId,
          accountNo: crypto.decrypt(input.accountNoEnc),
          accountName: crypto.decrypt(input.accountNameEnc),
          bankCode: input.bankCode,
          amountFen: input.amountFen,
          notifyUrl: input.notifyUrl,
        });
      } catch (error) {
        return {
          resultClass: 'pending' as const,
          rawCode: 'ENGINE_ERROR',
          rawMessage: (error as Error).message.slice(0, 200),
          data: {},
        };
      }
    });
    await health.recordOutcomes(
      [
        {
          channelCode: input.channelCode,
          bankCode: input.bankCode,
          resultClass: answer.resultClass,
          latencyMs: answer.latencyMs ?? performance.now() - started,
        },
      ],
      registry,
    );
    return answer;
  }

  return {
    sendDebits,
    sendPayout,

    /** The balance of our account at the channel, as the channel reports it. */
    async balanceOf(channelCode: string): Promise<ChannelAnswer<{ balanceFen?: bigint }>> {
      return adapterOf(await channelRow(channelCode)).balance();
    },

    /**
     * The channel's raw codes that show it holds an order (processing, a result, a duplicate):
     * an order none of whose answers carried one was never acknowledged there.
     */
    async orderHeldCodes(channelCode: string): Promise<string[]> {
      return orderHeldCodes((await channelRow(channelCode)).vocabulary);
    },

    /**
     * Ask the channel what became of an order (pending answers are resolved this way), through
     * its gate like the debits. `batch`: the registry as read at most once a second (sweeps).
     */
    async queryOrder(
      channelCode: string,
      orderId: string,
      opts: { batch?: boolean } = {},
    ): Promise<ChannelAnswer<OrderState>> {
      const row = opts.batch
        ? (await batchRegistry()).find((c) => c.code === channelCode)
        : undefined;
      return adapterOf(row ?? (await channelRow(channelCode))).query({ orderId });
    },
  };
}
