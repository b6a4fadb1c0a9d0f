// Choosing a channel for one debit and sending it (docs/domain.md, Channels). The routing rule in
// force for the loan names the channels; the registry, the card's agreements, today's use of
// the bank's daily limit and the durable health stats make the candidates; decideRoute
// (packages/rules) ranks them. The decision is recorded once per order id, with every
// candidate's exclusion or score and the rule version, before any money moves.
//
// The debits module owns orders and their states; it routes a batch of orders with
// routeDebits (a handful of statements for the whole batch), then sends them with sendDebits
// through each channel's gate (its concurrency and rate), and queries pending orders with
// queryOrder. routeDebit and sendDebit are the same for one order.
import {
  decideRouteSplitting,
  fenToYuan,
  inTimeRange,
  parseRuleBody,
  timeOfDayIn,
  type ChannelCandidate,
  type RoutingRule,
} from '@repay/rules';
import type { ChannelRow, RoutingDecisionRow } from '@repay/db/schema';
import { AppError } from '../../lib/errors';
import { everyMs } from '../../lib/ttl';
import { BUSINESS_TIME_ZONE, type Clock } from '../../lib/clock';
import type { FieldCrypto } from '../../lib/crypto';
import type { RuleResolver } from '../rules';
import { adapterFor } from './adapters';
import { orderHeldCodes } from './classification';
import type { ChannelAdapter } from './channels.types';
import { createSignedAheadLimits } from './gates';
import type { ChannelTransport } from './transport';
import type { ChannelAnswer, OrderState } from './channels.types';
import type { ChannelsRepo } from './channels.repo';
import type { ChannelHealthRepo } from './health.repo';
import type { ChannelHealth } from './health.service';

export interface DebitToRoute {
  /** The debit order's idempotency key: one decision per order. */
  orderId: string;
  loan: {
    loanId: bigint;
    orderNo: string;
    businessLine: string;
    funderCode: string;
    productCode: string;
  };
  card: { cardId: bigint; bankCode: string };
  amountFen: bigint;
  /** For failover between windows: what this installment's earlier debits today answered. */
  installmentId?: bigint;
}

/** The recorded decision, and the amount it is for (a part, when the debit had to be split). */
export interface RoutedDebit {
  decision: RoutingDecisionRow;
  amountFen: bigint;
  split: boolean;
  /** The card's active agreement at the chosen channel, as routing read it (for sending). */
  agreement: Agreement | null;
}

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

/** Without a routing rule in force: every registered channel, in code order, by priority. */
function fallbackRule(registry: ChannelRow[]): RoutingRule {
  return parseRuleBody('routing', {
    routes: [{ name: 'default', channels: registry.slice(0, 10).map((c) => c.code) }],
    failover: { onClasses: [], minSuccessRate: '0.5', errorBurst: { count: 10, seconds: 60 } },
    scoring: { priority: '1', successRate: '0', cost: '0' },
  });
}

export function createChannelRouting(deps: {
  repo: ChannelsRepo;
  healthRepo: ChannelHealthRepo;
  health: ChannelHealth;
  rules: RuleResolver;
  clock: Clock;
  crypto: FieldCrypto;
  /**
   * How adapters reach the channels: a transport that honours each request's gate (the
   * sender thread, or `gated` around HTTP or the in-process sandbox; app.ts).
   */
  transport: ChannelTransport;
}) {
  const { repo, healthRepo, health, rules, clock, crypto } = deps;
  const signedAheadOf = createSignedAheadLimits();

  // Batches read the registry, the rates and the rules at most once a second.
  const batchRegistry = everyMs(1000, () => health.registry());
  const batchRates = everyMs(1000, () => health.rates());
  const batchRouting = everyMs(1000, () => rules.snapshot('routing'));

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

  /** Every registered channel as a candidate for one debit, with what excludes or ranks it. */
  function candidatesFor(
    input: DebitToRoute,
    registry: ChannelRow[],
    facts: {
      agreed: Set<string>;
      usedToday: Map<string, bigint>;
      failedToday: Set<string>;
      rateOf: (channelCode: string, bankCode: string) => number | null;
      time: string;
    },
  ): ChannelCandidate[] {
    return registry.map((c) => {
      const bank = c.banks.find((b) => b.bankCode === input.card.bankCode);
      const used = facts.usedToday.get(c.code) ?? 0n;
      return {
        code: c.code,
        status: c.status,
        inMaintenanceNow: c.maintenance.some((m) => inTimeRange(facts.time, m.start, m.end)),
        hasActiveAgreement: facts.agreed.has(c.code),
        bankSupported: bank !== undefined,
        singleLimitFen: bank ? BigInt(bank.singleLimitFen) : null,
        dailyRemainingFen: bank ? BigInt(bank.dailyLimitFen) - used : null,
        successRate: facts.rateOf(c.code, input.card.bankCode),
        costFen: c.costPerTxnFen,
        degraded: c.circuitState === 'open',
        failedToday: facts.failedToday.has(c.code),
      };
    });
  }

  /**
   * Decide and record a channel for each debit: the facts of the whole batch (agreements,
   * today's use of the limits, today's failures) are read in one query each, the decisions
   * are made in memory and inserted in one statement. A debit no channel can take whole
   * only because of limits is split: the decision is for the part one channel can take.
   * A debit routed before (same order id) gets its first decision back.
   */
  async function routeDebits(
    inputs: DebitToRoute[],
    opts: { batch?: boolean } = {},
  ): Promise<Map<string, RoutedDebit>> {
    if (inputs.length === 0) return new Map();
    const batch = opts.batch ?? false;
    const [registry, snapshot, rates] = await Promise.all([
      batch ? batchRegistry() : health.registry(),
      batch ? batchRouting() : rules.snapshot('routing'),
      batch ? batchRates() : health.rates(),
    ]);
    const today = clock.today();
    const cardIds = [...new Set(inputs.map((i) => i.card.cardId))];
    const installmentIds = inputs.flatMap((i) =>
      i.installmentId === undefined ? [] : [i.installmentId],
    );
    const resolvedOf = inputs.map((i) =>
      snapshot({ ...i.loan, loanKey: i.loan.orderNo }, clock.now()),
    );
    const [agreements, usedToday, failuresToday] = await Promise.all([
      repo.activeAgreementsOf(cardIds),
      healthRepo.usedToday(cardIds, today),
      installmentIds.length === 0
        ? Promise.resolve(new Map<bigint, { channelCode: string; resultClass: string }[]>())
        : healthRepo.failuresToday(installmentIds, today),
    ]);
    const time = timeOfDayIn(BUSINESS_TIME_ZONE, clock.now());
    let fallback: RoutingRule | undefined;
    const made = inputs.map((input, i) => {
      const resolved = resolvedOf[i];
      const rule = resolved?.rule ?? (fallback ??= fallbackRule(registry));
      // Channels that failed this installment today with a class the rule fails over on.
      const onClasses = new Set<string>(rule.failover.onClasses);
      const failed = new Set(
        (input.installmentId === undefined ? [] : (failuresToday.get(input.installmentId) ?? []))
          .filter((f) => onClasses.has(f.resultClass))
          .map((f) => f.channelCode),
      );
      const candidates = candidatesFor(input, registry, {
        agreed: new Set((agreements.get(input.card.cardId) ?? []).map((a) => a.channelCode)),
        usedToday: usedToday.get(input.card.cardId) ?? new Map<string, bigint>(),
        failedToday: failed,
        rateOf: (channelCode, bankCode) => rates.rateOf(channelCode, bankCode),
        time,
      });
      const decision = decideRouteSplitting(
        rule,
        {
          businessLine: input.loan.businessLine,
          funderCode: input.loan.funderCode,
          productCode: input.loan.productCode,
          bankCode: input.card.bankCode,
          amountFen: Number(input.amountFen),
        },
        input.amountFen,
        candidates,
      );
      const rateOf = new Map(candidates.map((c) => [c.code, c.successRate]));
      return {
        input,
        decision,
        row: {
          decisionKey: input.orderId,
          subject: 'debit' as const,
          loanId: input.loan.loanId,
          ruleVersionId: resolved ? BigInt(resolved.versionId) : null,
          route: decision.route,
          bankCode: input.card.bankCode,
          amount: decision.amountFen,
          chosen: decision.chosen,
          candidates: decision.candidates.map((c) => ({
            ...c,
            successRate: rateOf.get(c.code) ?? null,
          })),
        },
      };
    });
    const recorded = await healthRepo.recordDecisions(made.map((m) => m.row));
    const routed = new Map<string, RoutedDebit>();
    for (const m of made) {
      const decision = recorded.get(m.input.orderId)!;
      // A decision made earlier for this order id stands, with its own amount.
      routed.set(m.input.orderId, {
        decision,
        amountFen: decision.amount,
        split: decision.amount !== m.input.amountFen,
        agreement:
          (agreements.get(m.input.card.cardId) ?? []).find(
            (a) => a.channelCode === decision.chosen,
          ) ?? null,
      });
    }
    return routed;
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

  return {
    routeDebits,
    sendDebits,

    /** The channel for one debit, decided and recorded once per order id. */
    async routeDebit(input: DebitToRoute, opts: { batch?: boolean } = {}) {
      return (await routeDebits([input], opts)).get(input.orderId)!.decision;
    },

    /** Send one debit to the chosen channel (see sendDebits). */
    async sendDebit(input: DebitToSend, opts: { batch?: boolean } = {}) {
      const answer = (await sendDebits([input], opts)).get(input.orderId)!;
      if (answer.rawCode === 'NO_AGREEMENT')
        throw new AppError('CONFLICT', answer.rawMessage, { field: 'channel' });
      return answer;
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
    /** The latest decisions, for the console (amounts in yuan). */
    async recentDecisions(limit = 50) {
      const rows = await healthRepo.recentDecisions(limit);
      return rows.map((d) => ({
        id: String(d.id),
        decisionKey: d.decisionKey,
        subject: d.subject,
        ruleVersionId: d.ruleVersionId === null ? null : String(d.ruleVersionId),
        route: d.route,
        bankCode: d.bankCode,
        amount: fenToYuan(d.amount),
        chosen: d.chosen,
        candidates: d.candidates,
        createdAt: new Date(d.createdAt).toISOString(),
      }));
    },
  };
}

export type ChannelRouting = ReturnType<typeof createChannelRouting>;
