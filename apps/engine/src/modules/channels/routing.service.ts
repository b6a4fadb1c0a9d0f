// Choosing a channel for one debit and sending it (DOMAIN.md, Channels). The routing rule in
// force for the loan names the channels; the registry, the card's agreements, today's use of
// the bank's daily limit and the durable health stats make the candidates; decideRoute
// (packages/rules) ranks them. The decision is recorded once per order id, with every
// candidate's exclusion or score and the rule version, before any money moves.
//
// The debits module (issue 5) owns orders and their states; it calls routeDebit, then
// sendDebit with the channel the decision chose, and queries pending orders with queryOrder.
import {
  decideRoute,
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
import type { Actor } from '../events';
import type { RuleResolver } from '../rules';
import { adapterFor } from './adapters';
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
  /** A fail_card answer stops debits of the card at that channel (channels service). */
  suspendAgreement: (
    cardId: bigint,
    channelCode: string,
    answer: ChannelAnswer,
    actor: Actor,
  ) => Promise<unknown>;
}) {
  const { repo, healthRepo, health, rules, clock, crypto, suspendAgreement } = deps;

  // Batches read the registry, the rates and the rules at most once a second.
  const batchRegistry = everyMs(1000, () => health.registry());
  const batchRates = everyMs(1000, () => health.rates());
  const batchRouting = everyMs(1000, () => rules.snapshot('routing'));

  async function candidates(
    input: DebitToRoute,
    registry: ChannelRow[],
    rule: RoutingRule,
    batch: boolean,
  ) {
    const [agreements, rates, failedToday, usedToday] = await Promise.all([
      repo.activeAgreements(input.card.cardId),
      batch ? batchRates() : health.rates(),
      input.installmentId === undefined || rule.failover.onClasses.length === 0
        ? Promise.resolve(new Set<string>())
        : healthRepo
            .channelsThatFailed(input.installmentId, clock.today(), rule.failover.onClasses)
            .then((codes) => new Set(codes)),
      healthRepo.usedTodayByChannel(input.card.cardId, clock.today()),
    ]);
    const agreed = new Set(agreements.map((a) => a.channelCode));
    const time = timeOfDayIn(BUSINESS_TIME_ZONE, clock.now());
    return registry.map((c): ChannelCandidate => {
      const bank = c.banks.find((b) => b.bankCode === input.card.bankCode);
      const used = usedToday.get(c.code) ?? 0n;
      return {
        code: c.code,
        status: c.status,
        inMaintenanceNow: c.maintenance.some((m) => inTimeRange(time, m.start, m.end)),
        hasActiveAgreement: agreed.has(c.code),
        bankSupported: bank !== undefined,
        singleLimitFen: bank ? BigInt(bank.singleLimitFen) : null,
        dailyRemainingFen: bank ? BigInt(bank.dailyLimitFen) - used : null,
        successRate: rates.rateOf(c.code, input.card.bankCode),
        costFen: c.costPerTxnFen,
        degraded: c.circuitState === 'open',
        failedToday: failedToday.has(c.code),
      };
    });
  }

  async function channelRow(code: string): Promise<ChannelRow> {
    const row = (await repo.listChannels()).find((c) => c.code === code);
    if (!row)
      throw new AppError('UNPROCESSABLE', `channel ${code} is not registered`, {
        field: 'channel',
      });
    return row;
  }

  return {
    /** The channel for this debit, decided and recorded once per order id. */
    async routeDebit(
      input: DebitToRoute,
      opts: { batch?: boolean } = {},
    ): Promise<RoutingDecisionRow> {
      const registry = await (opts.batch ? batchRegistry() : health.registry());
      const resolved = (await (opts.batch ? batchRouting() : rules.snapshot('routing')))(
        { ...input.loan, loanKey: input.loan.orderNo },
        clock.now(),
      );
      const rule = resolved?.rule ?? fallbackRule(registry);
      const registered = await candidates(input, registry, rule, opts.batch ?? false);
      const decision = decideRoute(
        rule,
        {
          businessLine: input.loan.businessLine,
          funderCode: input.loan.funderCode,
          productCode: input.loan.productCode,
          bankCode: input.card.bankCode,
          amountFen: Number(input.amountFen),
        },
        input.amountFen,
        registered,
      );
      const rateOf = new Map(registered.map((c) => [c.code, c.successRate]));
      return healthRepo.recordDecision({
        decisionKey: input.orderId,
        subject: 'debit',
        loanId: input.loan.loanId,
        ruleVersionId: resolved ? BigInt(resolved.versionId) : null,
        route: decision.route,
        bankCode: input.card.bankCode,
        amount: input.amountFen,
        chosen: decision.chosen,
        candidates: decision.candidates.map((c) => ({
          ...c,
          successRate: rateOf.get(c.code) ?? null,
        })),
      });
    },

    /**
     * Send the debit to the chosen channel and count the answer. The answer is returned as
     * classified; a `fail_card` also suspends the card's agreement at that channel.
     */
    async sendDebit(
      input: {
        orderId: string;
        channelCode: string;
        cardId: bigint;
        bankCode: string;
        amountFen: bigint;
        notifyUrl?: string;
      },
      opts: { batch?: boolean } = {},
    ): Promise<ChannelAnswer<OrderState>> {
      const channel = opts.batch
        ? ((await batchRegistry()).find((c) => c.code === input.channelCode) ??
          (await channelRow(input.channelCode)))
        : await channelRow(input.channelCode);
      const agreement = (await repo.activeAgreements(input.cardId)).find(
        (a) => a.channelCode === input.channelCode,
      );
      if (!agreement)
        throw new AppError('CONFLICT', `no active agreement at ${input.channelCode}`, {
          field: 'channel',
        });
      const started = performance.now();
      const answer = await adapterFor(channel, crypto).debit({
        orderId: input.orderId,
        protocolNo: crypto.decrypt(agreement.protocolNoEnc),
        amountFen: input.amountFen,
        notifyUrl: input.notifyUrl,
      });
      await health.recordOutcome(
        input.channelCode,
        input.bankCode,
        answer.resultClass,
        performance.now() - started,
        opts.batch ? channel : undefined,
      );
      if (answer.resultClass === 'fail_card')
        await suspendAgreement(
          input.cardId,
          input.channelCode,
          { ...answer, data: {} },
          {
            type: 'system',
            id: `debit:${input.orderId}`,
          },
        );
      return answer;
    },

    /** Ask the channel what became of an order (pending answers are resolved this way). */
    async queryOrder(channelCode: string, orderId: string): Promise<ChannelAnswer<OrderState>> {
      return adapterFor(await channelRow(channelCode), crypto).query({ orderId });
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
