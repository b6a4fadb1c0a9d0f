// The circuit breaker of one channel (docs/domain.md, Channels: "a channel that fails or degrades
// is bypassed"). Pure: the engine feeds it sums over the durable health buckets and stores
// the state it returns.
//
// Success rate = successes / (attempts − borrower failures). fail_funds and fail_card say
// something about the borrower's card, not the channel: a batch of empty accounts must not
// take a healthy channel out of service.
//
//   closed ──(error burst, or rate < threshold over ≥ minSamples)──► open
//   open ──(cooldown elapsed)──► half_open: traffic flows again, as probes
//   half_open ──(probeAttempts answered, rate ≥ threshold)──► closed
//   half_open ──(error burst, or rate < threshold)──► open again
import type { CircuitState } from '../vocabulary';

export interface HealthCounts {
  attempts: number;
  successes: number;
  borrowerFailures: number;
  errors: number;
}

export interface BreakerPolicy {
  /** From the routing rule (failover.minSuccessRate), 0..1. */
  minSuccessRate: number;
  /** From the routing rule (failover.errorBurst). */
  errorBurst: { count: number; seconds: number };
  /** No verdict on the rate before this many channel-relevant answers. */
  minSamples: number;
  cooldownSeconds: number;
  probeAttempts: number;
}

export const DEFAULT_BREAKER: Omit<BreakerPolicy, 'minSuccessRate' | 'errorBurst'> = {
  minSamples: 20,
  cooldownSeconds: 60,
  probeAttempts: 5,
};

/** successes / (attempts − borrower failures); null without any channel-relevant answer. */
export function successRate(c: HealthCounts): number | null {
  const relevant = c.attempts - c.borrowerFailures;
  return relevant <= 0 ? null : c.successes / relevant;
}

export interface CircuitInput {
  state: CircuitState;
  changedAt: Date;
  now: Date;
  /** Counts since the later of (now − rate window) and changedAt. */
  window: HealthCounts;
  /** Errors within the burst period (and since changedAt). */
  burstErrors: number;
  policy: BreakerPolicy;
}

export type CircuitChange = { state: CircuitState; reason: string } | null;

const pct = (r: number) => `${(r * 100).toFixed(1)}%`;

export function nextCircuit(input: CircuitInput): CircuitChange {
  const { state, changedAt, now, window, burstErrors, policy } = input;
  const rate = successRate(window);
  const relevant = window.attempts - window.borrowerFailures;
  const burst = burstErrors >= policy.errorBurst.count;
  const burstReason = `${burstErrors} errors within ${policy.errorBurst.seconds}s`;
  const low = rate !== null && rate < policy.minSuccessRate;
  const lowReason = `success rate ${pct(rate ?? 0)} < ${pct(policy.minSuccessRate)} over ${relevant} answers`;

  switch (state) {
    case 'open':
      return now.getTime() - changedAt.getTime() >= policy.cooldownSeconds * 1000
        ? { state: 'half_open', reason: `cooldown of ${policy.cooldownSeconds}s elapsed` }
        : null;
    case 'half_open':
      if (burst) return { state: 'open', reason: `probe: ${burstReason}` };
      if (relevant < policy.probeAttempts) return null;
      return low
        ? { state: 'open', reason: `probe: ${lowReason}` }
        : {
            state: 'closed',
            reason: `recovered: success rate ${pct(rate ?? 1)} over ${relevant} probes`,
          };
    case 'closed':
      if (burst) return { state: 'open', reason: burstReason };
      if (relevant >= policy.minSamples && low) return { state: 'open', reason: lowReason };
      return null;
  }
}
