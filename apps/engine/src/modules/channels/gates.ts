// Sending to a channel respects its configuration (channels.max_concurrency, rate_per_second)
// per engine process: p-limit caps the calls in flight, a start-rate limiter (below) the calls
// started per second. The gates sit where the calls are made: on the sender thread for HTTP
// (sender.ts), else on the calling thread (`gated`). With several worker processes each has
// the whole allowance, so ops configure a channel's contract divided by the number of
// workers (ARCHITECTURE.md).
import pLimit from 'p-limit';

export interface GateConfig {
  code: string;
  maxConcurrency: number;
  ratePerSecond: number;
}

type Gate = <T>(call: () => Promise<T>) => Promise<T>;

/** A second's allowance may start in bursts of at most a tenth of it. */
const BURST_MS = 100;

/**
 * Call starts at `ratePerSecond`, as a generic cell rate algorithm (a token bucket kept as one
 * time): starts are reserved in arrival order, each one emission interval after the previous,
 * less a burst tolerance. Over any span of t ms at most rate·t/1000 + burst calls start.
 * Why not p-throttle (used before): its windowed mode lets a window's overflow wait up to a
 * whole window, and its strict mode spaces starts by whole milliseconds, which caps a
 * 2,000/s channel at 1,000/s; both cost a saturated channel a fifth of its capacity.
 */
export function startRateLimiter(
  ratePerSecond: number,
  now: () => number = () => performance.now(),
) {
  const emissionMs = 1000 / Math.max(ratePerSecond, 0.001);
  const burst = Math.max(1, Math.floor((ratePerSecond * BURST_MS) / 1000));
  const toleranceMs = (burst - 1) * emissionMs;
  let theoreticalArrival = 0;
  /** Reserves the next start: how many ms from now this call may start. */
  function reserve(): number {
    const at = now();
    const arrival = Math.max(theoreticalArrival, at);
    theoreticalArrival = arrival + emissionMs;
    return Math.max(0, arrival - toleranceMs - at);
  }
  return {
    reserve,
    /** Resolves when this call may start (at once when it may start now). */
    nextStart: (): Promise<void> | undefined => {
      const waitMs = reserve();
      return waitMs > 0 ? new Promise((resolve) => setTimeout(resolve, waitMs)) : undefined;
    },
  };
}

function gateFor(config: GateConfig): Gate {
  const inFlight = pLimit(Math.max(1, config.maxConcurrency));
  const { nextStart } = startRateLimiter(config.ratePerSecond);
  return (call) =>
    inFlight(async () => {
      await nextStart();
      return call();
    });
}

/** One gate per channel, rebuilt when its configuration changes. */
export function createChannelGates() {
  const gates = new Map<string, { key: string; gate: Gate }>();
  return function gateOf(config: GateConfig): Gate {
    const key = `${config.maxConcurrency}/${config.ratePerSecond}`;
    let entry = gates.get(config.code);
    if (!entry || entry.key !== key) {
      entry = { key, gate: gateFor(config) };
      gates.set(config.code, entry);
    }
    return entry.gate;
  };
}

export type ChannelGates = ReturnType<typeof createChannelGates>;

/**
 * Calls that name a gate (`gate` on the request) wait for a slot of that channel first; the
 * answer says how long the exchange itself took, the wait for a slot not counted. Calls
 * without a gate go at once.
 */
export function gated<Req extends { gate?: GateConfig }, Res extends { latencyMs?: number }>(
  call: (req: Req) => Promise<Res>,
): (req: Req) => Promise<Res> {
  const gateOf = createChannelGates();
  return (req) =>
    req.gate
      ? gateOf(req.gate)(async () => {
          const started = performance.now();
          const res = await call(req);
          return { ...res, latencyMs: performance.now() - started };
        })
      : call(req);
}

/**
 * Calls a channel may have signed and waiting for its gate: twice its concurrency. Requests
 * are signed with a timestamp the channel checks (a few minutes' window), so they are signed
 * shortly before they can go, never a whole batch ahead; twice the slots keeps the gate fed
 * while the thread that signs is busy.
 */
export function createSignedAheadLimits() {
  const limits = new Map<string, { n: number; limit: ReturnType<typeof pLimit> }>();
  return function signedAheadOf(config: GateConfig) {
    const n = 2 * Math.max(1, config.maxConcurrency);
    let entry = limits.get(config.code);
    if (!entry || entry.n !== n) {
      entry = { n, limit: pLimit(n) };
      limits.set(config.code, entry);
    }
    return entry.limit;
  };
}
