// The candidates of one debit: every registered channel with what excludes or ranks it for this
// card and amount (decideRoute in packages/rules ranks them), and the rule used while no
// routing rule is in force.
import { inTimeRange, parseRuleBody, type ChannelCandidate, type RoutingRule } from '@repay/rules';
import type { ChannelRow } from '@repay/db/schema';

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
export function fallbackRule(registry: ChannelRow[]): RoutingRule {
  return parseRuleBody('routing', {
    routes: [{ name: 'default', channels: registry.slice(0, 10).map((c) => c.code) }],
    failover: { onClasses: [], minSuccessRate: '0.5', errorBurst: { count: 10, seconds: 60 } },
    scoring: { priority: '1', successRate: '0', cost: '0' },
  });
}

/** Every registered channel as a candidate for one debit, with what excludes or ranks it. */
export function candidatesFor(
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
