// Choosing a channel for one debit (docs/domain.md, Channels): the routing rule's route names
// the channels in priority order; each is kept only if the card has an active agreement
// there, the bank is supported, the amount fits the single and remaining daily limits, and
// the channel is up and not in maintenance. Healthy candidates are scored by the rule's
// weights (priority, recent success rate, cost); a degraded channel (circuit open) is only
// used when nothing healthy remains, and a channel that failed this installment today with
// a failover class only when no other healthy one can take it. Every exclusion is explained, for the decision record.
import { yuanToFen } from '../money';
import type { RoutingRule } from '../rule-kinds/routing';
import { compileRouting } from '../rule-kinds/routing';
import type { Facts } from '../conditions/types';

export interface ChannelCandidate {
  code: string;
  status: 'up' | 'down' | 'maintenance';
  inMaintenanceNow: boolean;
  hasActiveAgreement: boolean;
  bankSupported: boolean;
  singleLimitFen: bigint | null;
  dailyRemainingFen: bigint | null;
  /** Successes / attempts over the sliding window; null without data (counted as 1). */
  successRate: number | null;
  costFen: bigint;
  /** The circuit breaker opened for this channel. */
  degraded: boolean;
  /**
   * This channel already failed this installment today with a class the rule's failover
   * names (e.g. fail_funds): another channel is preferred in the next window.
   */
  failedToday?: boolean;
  /** Payouts: whether we hold an account at the channel, and what it can still pay. */
  payoutAccount?: { usableFen: bigint } | null;
}

export type Exclusion =
  | 'not_in_route'
  | 'no_agreement'
  | 'bank_unsupported'
  | 'over_single_limit'
  | 'over_daily_limit'
  | 'down'
  | 'maintenance'
  | 'no_account'
  | 'over_position';

export interface ScoredCandidate {
  code: string;
  excluded: Exclusion | null;
  degraded: boolean;
  failedToday?: boolean;
  score: number | null;
}

export interface RoutingDecision {
  route: string;
  chosen: string | null;
  candidates: ScoredCandidate[];
}

function exclusionOf(c: ChannelCandidate, amountFen: bigint): Exclusion | null {
  if (c.status === 'down') return 'down';
  if (c.status === 'maintenance' || c.inMaintenanceNow) return 'maintenance';
  if (!c.bankSupported) return 'bank_unsupported';
  if (!c.hasActiveAgreement) return 'no_agreement';
  if (c.singleLimitFen !== null && amountFen > c.singleLimitFen) return 'over_single_limit';
  if (c.dailyRemainingFen !== null && amountFen > c.dailyRemainingFen) return 'over_daily_limit';
  if (c.payoutAccount === null) return 'no_account';
  if (c.payoutAccount && amountFen > c.payoutAccount.usableFen) return 'over_position';
  return null;
}

export function decideRoute(
  rule: RoutingRule,
  facts: Facts,
  amountFen: bigint,
  registry: readonly ChannelCandidate[],
): RoutingDecision {
  const route = compileRouting(rule).route(facts);
  const routeMax = rule.routes[route.index]?.maxAmount;
  const byCode = new Map(registry.map((c) => [c.code, c]));
  const weights = {
    priority: Number(rule.scoring.priority),
    successRate: Number(rule.scoring.successRate),
    cost: Number(rule.scoring.cost),
  };
  const listed = route.channels.map((code, index) => ({ code, index, c: byCode.get(code) }));
  const costs = listed.flatMap((l) => (l.c ? [l.c.costFen] : []));
  const maxCost = costs.reduce((m, v) => (v > m ? v : m), 0n);
  const n = route.channels.length;

  const candidates: ScoredCandidate[] = listed.map(({ code, index, c }) => {
    if (!c) return { code, excluded: 'not_in_route', degraded: false, score: null };
    const overRoute = routeMax !== undefined && amountFen > yuanToFen(routeMax);
    const excluded = overRoute ? 'over_single_limit' : exclusionOf(c, amountFen);
    if (excluded) return { code, excluded, degraded: c.degraded, score: null };
    const priority = n <= 1 ? 1 : 1 - index / n;
    const success = c.successRate ?? 1;
    // Relative to the dearest candidate: the dearest scores 0, a free channel 1.
    const cost = maxCost === 0n ? 1 : 1 - Number((c.costFen * 10_000n) / maxCost) / 10_000;
    const score = weights.priority * priority + weights.successRate * success + weights.cost * cost;
    return {
      code,
      excluded: null,
      degraded: c.degraded,
      ...(c.failedToday ? { failedToday: true } : {}),
      score: Math.round(score * 10_000) / 10_000,
    };
  });

  const usable = candidates.filter((c) => c.excluded === null);
  const healthy = usable.filter((c) => !c.degraded);
  const fresh = healthy.filter((c) => !c.failedToday);
  // Prefer a healthy channel that has not failed this installment today; then any healthy
  // one; a degraded channel only when nothing else is left.
  const pool = fresh.length > 0 ? fresh : healthy.length > 0 ? healthy : usable;
  // Highest score wins; ties go to the route's own order (stable sort).
  const best = [...pool].sort((a, b) => (b.score ?? 0) - (a.score ?? 0))[0];
  return { route: route.name, chosen: best?.code ?? null, candidates };
}

export interface SplitDecision extends RoutingDecision {
  /** What this order debits: the whole amount, or the part one channel can take. */
  amountFen: bigint;
  split: boolean;
}

/**
 * Like decideRoute, but when no channel can take the whole amount only because of limits
 * (the bank's single or remaining daily limit, the route's maximum), the debit is split:
 * this order takes the most one usable channel allows, and the rest stays due for a later
 * attempt. Nothing is split when some channel takes the whole amount.
 */
export function decideRouteSplitting(
  rule: RoutingRule,
  facts: Facts,
  amountFen: bigint,
  registry: readonly ChannelCandidate[],
): SplitDecision {
  const whole = decideRoute(rule, facts, amountFen, registry);
  if (whole.chosen !== null) return { ...whole, amountFen, split: false };
  const route = compileRouting(rule).route(facts);
  const routeMax = rule.routes[route.index]?.maxAmount;
  const byCode = new Map(registry.map((c) => [c.code, c]));
  let best = 0n;
  for (const code of route.channels) {
    const c = byCode.get(code);
    // Usable at all (agreement, bank, status): only the limits stand in the way.
    if (!c || exclusionOf(c, 1n) !== null) continue;
    let cap = amountFen;
    if (c.singleLimitFen !== null && c.singleLimitFen < cap) cap = c.singleLimitFen;
    if (c.dailyRemainingFen !== null && c.dailyRemainingFen < cap) cap = c.dailyRemainingFen;
    if (routeMax !== undefined && yuanToFen(routeMax) < cap) cap = yuanToFen(routeMax);
    if (cap > best) best = cap;
  }
  if (best <= 0n || best >= amountFen) return { ...whole, amountFen, split: false };
  return { ...decideRoute(rule, facts, best, registry), amountFen: best, split: true };
}
