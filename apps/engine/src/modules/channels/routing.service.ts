// Choosing a channel for one debit and sending it (docs/domain.md, Channels). The routing rule in
// force for the loan names the channels; the registry, the card's agreements, today's use of
// the bank's daily limit and the durable health stats make the candidates; decideRoute
// (packages/rules) ranks them. The decision is recorded once per order id, with every
// candidate's exclusion or score and the rule version, before any money moves.
//
// The debits module owns orders and their states; it routes a batch of orders with
// routeDebits (a handful of statements for the whole batch), then sends them with sendDebits
// through each channel's gate (its concurrency and rate), and queries pending orders with
// queryOrder. routeDebit and sendDebit are the same for one order. The candidates are made in
// route-candidates.ts, the calls to the channels in channel-calls.ts.
import {
  decideRoute,
  decideRouteSplitting,
  fenToYuan,
  timeOfDayIn,
  type RoutingRule,
} from '@repay/rules';
import type { RoutingDecisionRow } from '@repay/db/schema';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../lib/errors';
import { everyMs } from '../../lib/ttl';
import { BUSINESS_TIME_ZONE, type Clock } from '../../lib/clock';
import type { FieldCrypto } from '../../lib/crypto';
import type { RuleResolver } from '../rules';
import { createChannelCalls, type Agreement, type DebitToSend } from './channel-calls';
import type { ChannelsRepo } from './channels.repo';
import type { ChannelHealthRepo } from './health.repo';
import type { ChannelHealth } from './health.service';
import { candidatesFor, fallbackRule, type DebitToRoute } from './route-candidates';
import type { ChannelTransport } from './transport';

export type { Agreement, DebitToSend } from './channel-calls';
export type { DebitToRoute } from './route-candidates';

/** A payout to route: its facts, and the usable position of each payout account we hold. */
export interface PayoutToRoute {
  /** The payout's channel order id; the decision is recorded under it and the time. */
  orderId: string;
  funderCode: string;
  purpose: string;
  bankCode: string;
  amountFen: bigint;
  /** Usable position per channel where we hold an active payout account. */
  usable: ReadonlyMap<string, bigint>;
  /** Fen already paid (or in flight) to this payee today per channel: the bank's daily limit. */
  usedToday: ReadonlyMap<string, bigint>;
}

/** The channel chosen for a payout (null: none can pay it now), and the one wanted but for position. */
export interface RoutedPayout {
  decision: RoutingDecisionRow | null;
  chosen: string | null;
  /** The channel routing would choose were every position enough (the top-up alert's). */
  wanted: string | null;
  /** Why nothing was chosen: each candidate's exclusion. */
  reason: string | null;
}

/** The recorded decision, and the amount it is for (a part, when the debit had to be split). */
export interface RoutedDebit {
  decision: RoutingDecisionRow;
  amountFen: bigint;
  split: boolean;
  /** The card's active agreement at the chosen channel, as routing read it (for sending). */
  agreement: Agreement | null;
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

  // Batches read the registry, the rates and the rules at most once a second.
  const batchRegistry = everyMs(1000, () => health.registry());
  const batchRates = everyMs(1000, () => health.rates());
  const batchRouting = everyMs(1000, () => rules.snapshot('routing'));

  const calls = createChannelCalls({
    repo,
    health,
    crypto,
    transport: deps.transport,
    batchRegistry,
  });
  const { sendDebits } = calls;

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
          subject: 'debit',
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
   * Choose the channel for one payout: the routing rule in force for the funder, with the facts
   * `subject` = payout and its purpose; among channels where we hold a payout account, whose
   * bank, single and daily limits fit and whose usable position covers it, ranked like debits.
   * A decision that chose a channel is recorded (the payout is about to reserve and send); a
   * payout nothing can pay now is not, and says why and which channel it waits for.
   */
  async function routePayout(input: PayoutToRoute): Promise<RoutedPayout> {
    // Read at most once a second, as debit batches do: a dispatch routes payouts one by one.
    const [registry, snapshot, rates] = await Promise.all([
      batchRegistry(),
      batchRouting(),
      batchRates(),
    ]);
    const resolved = snapshot({ funderCode: input.funderCode }, clock.now());
    const rule = resolved?.rule ?? fallbackRule(registry);
    const time = timeOfDayIn(BUSINESS_TIME_ZONE, clock.now());
    const base = candidatesFor(
      {
        orderId: input.orderId,
        loan: {
          loanId: 0n,
          orderNo: '',
          businessLine: '',
          funderCode: input.funderCode,
          productCode: '',
        },
        card: { cardId: 0n, bankCode: input.bankCode },
        amountFen: input.amountFen,
      },
      registry,
      {
        agreed: new Set(registry.map((c) => c.code)),
        usedToday: new Map(input.usedToday),
        failedToday: new Set(),
        rateOf: (channelCode, bankCode) => rates.rateOf(channelCode, bankCode),
        time,
      },
    );
    const facts = {
      funderCode: input.funderCode,
      bankCode: input.bankCode,
      amountFen: Number(input.amountFen),
      subject: 'payout',
      purpose: input.purpose,
    };
    const withPositions = base.map((c) => {
      const usable = input.usable.get(c.code);
      return { ...c, payoutAccount: usable === undefined ? null : { usableFen: usable } };
    });
    const decision = decideRoute(rule, facts, input.amountFen, withPositions);
    if (decision.chosen === null) {
      // What routing would pick with every account able to pay: the account to top up.
      const unlimited = base.map((c) => ({
        ...c,
        payoutAccount: input.usable.has(c.code) ? { usableFen: input.amountFen } : null,
      }));
      const wanted = decideRoute(rule, facts, input.amountFen, unlimited).chosen;
      const reason =
        decision.candidates.map((k) => `${k.code}:${k.excluded ?? 'degraded'}`).join(', ') ||
        'no channel in the route';
      return { decision: null, chosen: null, wanted, reason };
    }
    const rateOf = new Map(withPositions.map((c) => [c.code, c.successRate]));
    const recorded = await healthRepo.recordDecisions([
      {
        // A payout may be routed again while it waits; two workers may route it at once.
        decisionKey: `${input.orderId}@${clock.now().toISOString()}#${randomBytes(4).toString('hex')}`,
        subject: 'payout' as const,
        loanId: null,
        ruleVersionId: resolved ? BigInt(resolved.versionId) : null,
        route: decision.route,
        bankCode: input.bankCode,
        amount: input.amountFen,
        chosen: decision.chosen,
        candidates: decision.candidates.map((c) => ({
          ...c,
          successRate: rateOf.get(c.code) ?? null,
        })),
      },
    ]);
    const row = [...recorded.values()][0] ?? null;
    return { decision: row, chosen: decision.chosen, wanted: decision.chosen, reason: null };
  }

  return {
    routeDebits,
    routePayout,
    ...calls,

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
