// Channel health: every channel answer is counted (durably, in 10-second buckets), and the
// circuit breaker of its channel is re-evaluated. The thresholds are the routing rule's
// (failover.minSuccessRate, failover.errorBurst) at the global scope: the breaker is per
// channel, so it cannot follow a product's own routing rule. Transitions are audited and
// published (channel.degraded / channel.recovered).
import {
  DEFAULT_BREAKER,
  nextCircuit,
  successRate,
  type BreakerPolicy,
  type ChannelResultClass,
  type HealthCounts,
} from '@repay/rules';
import type { ChannelRow, CircuitState } from '@repay/db/schema';
import { notFound } from '../../lib/errors';
import type { Clock } from '../../lib/clock';
import type { Transactor } from '../../lib/transaction';
import type { Actor, AuditLog, OutboxRepo } from '../events';
import type { RuleResolver } from '../rules';
import type { ChannelsRepo } from './channels.repo';
import type { ChannelHealthRepo } from './health.repo';

/** The sliding window success rates are measured over. */
export const RATE_WINDOW_MINUTES = 15;
const FALLBACK_POLICY = { minSuccessRate: 0.5, errorBurst: { count: 10, seconds: 60 } };

type Repos = { channelHealth: ChannelHealthRepo; audit: AuditLog; outbox: OutboxRepo };

export function classOutcome(resultClass: ChannelResultClass) {
  return {
    success: resultClass === 'success',
    borrowerFailure: resultClass === 'fail_funds' || resultClass === 'fail_card',
    error:
      resultClass === 'pending' || resultClass === 'fail_request' || resultClass === 'duplicate',
  };
}

const later = (a: Date, b: Date | null) => (b === null || a > b ? a : b);

export function createChannelHealth(deps: {
  repo: ChannelsRepo;
  health: ChannelHealthRepo;
  transaction: Transactor<Repos>;
  rules: RuleResolver;
  clock: Clock;
}) {
  const { repo, health, transaction, rules, clock } = deps;

  async function policy(): Promise<BreakerPolicy> {
    const routing = await rules.resolveRule('routing', {}, clock.now());
    const failover = routing?.rule.failover;
    return {
      ...DEFAULT_BREAKER,
      ...(failover
        ? { minSuccessRate: Number(failover.minSuccessRate), errorBurst: failover.errorBurst }
        : FALLBACK_POLICY),
    };
  }

  async function moveCircuit(
    channel: ChannelRow,
    to: { state: CircuitState; reason: string },
    actor: Actor,
  ): Promise<boolean> {
    const at = clock.now();
    return transaction(async (repos) => {
      const moved = await repos.channelHealth.moveCircuit(
        channel.code,
        { state: channel.circuitState, changedAt: channel.circuitChangedAt },
        { ...to, at },
      );
      if (!moved) return false;
      await repos.audit.record({
        actorType: actor.type,
        actorId: actor.id,
        action: 'channel.circuit',
        entityType: 'channel',
        entityId: channel.code,
        reason: to.reason,
        diff: { circuit: { from: channel.circuitState, to: to.state } },
      });
      if (to.state !== 'half_open') {
        const topic = to.state === 'open' ? 'channel.degraded' : 'channel.recovered';
        await repos.outbox.add({
          eventId: `${topic}:${channel.code}:${at.toISOString()}`,
          topic,
          aggregateType: 'channel',
          aggregateId: channel.code,
          payload: { channel: channel.code, reason: to.reason, at: at.toISOString() },
        });
      }
      channel.circuitState = to.state;
      channel.circuitChangedAt = at;
      channel.circuitReason = to.reason;
      return true;
    });
  }

  /** Re-evaluate one channel's circuit against its recent answers; returns its state. */
  async function evaluate(channel: ChannelRow, given?: BreakerPolicy): Promise<CircuitState> {
    const p = given ?? (await policy());
    const now = clock.now();
    const since =
      channel.circuitState === 'half_open' && channel.circuitChangedAt
        ? channel.circuitChangedAt
        : later(new Date(now.getTime() - RATE_WINDOW_MINUTES * 60_000), channel.circuitChangedAt);
    const burstSince = later(
      new Date(now.getTime() - p.errorBurst.seconds * 1000),
      channel.circuitChangedAt,
    );
    const [window, burst] = await Promise.all([
      health.counts(channel.code, since, now),
      health.counts(channel.code, burstSince, now),
    ]);
    const change = nextCircuit({
      state: channel.circuitState,
      changedAt: channel.circuitChangedAt ?? new Date(0),
      now,
      window,
      burstErrors: burst.errors,
      policy: p,
    });
    if (change) await moveCircuit(channel, change, { type: 'system', id: 'circuit-breaker' });
    return channel.circuitState;
  }

  /**
   * Count answers (one statement for a whole batch) and re-evaluate the circuit of every
   * channel that answered with an error or whose circuit is not closed.
   */
  async function recordOutcomes(
    answers: {
      channelCode: string;
      bankCode: string;
      resultClass: ChannelResultClass;
      latencyMs: number;
    }[],
    /** The channels as the caller read them a moment ago (batches), to spare a read. */
    known?: readonly ChannelRow[],
  ): Promise<void> {
    if (answers.length === 0) return;
    const at = clock.now();
    const outcomes = answers.map((a) => ({ ...a, at, ...classOutcome(a.resultClass) }));
    await health.recordOutcomes(outcomes);
    // A closed circuit only opens on errors: other answers need no evaluation.
    const suspects = new Set(
      outcomes
        .filter(
          (o) => o.error || known?.find((c) => c.code === o.channelCode)?.circuitState !== 'closed',
        )
        .map((o) => o.channelCode),
    );
    if (suspects.size === 0) return;
    const channels = await repo.listChannels();
    const p = await policy();
    const withErrors = new Set(outcomes.filter((o) => o.error).map((o) => o.channelCode));
    for (const channel of channels)
      if (
        suspects.has(channel.code) &&
        (channel.circuitState !== 'closed' || withErrors.has(channel.code))
      )
        await evaluate(channel, p);
  }

  async function channelOrThrow(code: string) {
    const channel = (await repo.listChannels()).find((c) => c.code === code);
    if (!channel) throw notFound(`channel ${code}`, 'code');
    return channel;
  }

  return {
    policy,
    evaluate,

    recordOutcomes,

    /** Count one answer and re-evaluate the channel's circuit; returns its state. */
    async recordOutcome(
      channelCode: string,
      bankCode: string,
      resultClass: ChannelResultClass,
      latencyMs: number,
    ): Promise<CircuitState> {
      await recordOutcomes([{ channelCode, bankCode, resultClass, latencyMs }]);
      return (await channelOrThrow(channelCode)).circuitState;
    },

    /** Channels with their circuits brought up to date (an open one may have cooled down). */
    async registry(): Promise<ChannelRow[]> {
      const channels = await repo.listChannels();
      const open = channels.filter((c) => c.circuitState === 'open');
      if (open.length > 0) {
        const p = await policy();
        for (const c of open) await evaluate(c, p);
      }
      return channels;
    },

    /** Success rates per channel and per (channel, bank) over the sliding window. */
    async rates() {
      const rows = await health.ratesSince(
        new Date(clock.now().getTime() - RATE_WINDOW_MINUTES * 60_000),
      );
      const byChannel = new Map<string, HealthCounts>();
      const byBank = new Map<string, HealthCounts>();
      for (const r of rows) {
        byBank.set(`${r.channelCode}:${r.bankCode}`, r);
        const sum = byChannel.get(r.channelCode) ?? {
          attempts: 0,
          successes: 0,
          borrowerFailures: 0,
          errors: 0,
        };
        byChannel.set(r.channelCode, {
          attempts: sum.attempts + r.attempts,
          successes: sum.successes + r.successes,
          borrowerFailures: sum.borrowerFailures + r.borrowerFailures,
          errors: sum.errors + r.errors,
        });
      }
      return {
        /** The bank's own rate once it has enough answers, else the channel's. */
        rateOf(channelCode: string, bankCode: string): number | null {
          const bank = byBank.get(`${channelCode}:${bankCode}`);
          if (bank && bank.attempts - bank.borrowerFailures >= DEFAULT_BREAKER.minSamples)
            return successRate(bank);
          const all = byChannel.get(channelCode);
          return all ? successRate(all) : null;
        },
        countsOf: (channelCode: string) => byChannel.get(channelCode) ?? null,
        channelRateOf(channelCode: string): number | null {
          const all = byChannel.get(channelCode);
          return all ? successRate(all) : null;
        },
      };
    },

    /** Per-minute success rate and latency for the console chart. */
    async series(code: string, minutes: number) {
      await channelOrThrow(code);
      const rows = await health.series(code, new Date(clock.now().getTime() - minutes * 60_000));
      return rows.map((r) => ({
        minute: new Date(r.minute).toISOString(),
        attempts: r.attempts,
        successes: r.successes,
        borrowerFailures: r.borrowerFailures,
        errors: r.errors,
        successRate: successRate(r),
        avgLatencyMs: r.attempts === 0 ? null : Math.round(r.latencyMsSum / r.attempts),
        maxLatencyMs: r.latencyMsMax,
      }));
    },

    /** Ops: close an open circuit by hand (the channel is known good again); audited. */
    async resetCircuit(code: string, reason: string, actor: Actor) {
      const channel = await channelOrThrow(code);
      if (channel.circuitState === 'closed') return { code, circuit: 'closed' as const };
      await moveCircuit(channel, { state: 'closed', reason: `reset by hand: ${reason}` }, actor);
      return { code, circuit: channel.circuitState };
    },
  };
}

export type ChannelHealth = ReturnType<typeof createChannelHealth>;
