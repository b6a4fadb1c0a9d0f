// Sending to a channel respects its limits: a gate per channel caps the calls in flight and a
// start-rate limiter (below) the calls started per second. The gates sit where the calls are
// made: on the sender thread for HTTP (sender.ts), else on the calling thread (`gated`). A
// gate's limits are the channel's configuration (channels.max_concurrency, rate_per_second)
// until the process's share of them is set (setLimits: the slot leases, slots.ts, which hold a
// channel's limits across every engine process); a gate is resized in place, so calls out when
// its limits change keep their slots and no new call starts until they fit.
import pLimit from 'p-limit';

export interface GateConfig {
  code: string;
  maxConcurrency: number;
  ratePerSecond: number;
}

/** A gate's limits: calls in flight at once (0: none starts) and starts per second. */
export interface GateLimits {
  concurrency: number;
  ratePerSecond: number;
}

/** What a gate reports: its calls out now, under the limits last set (their `version`). */
export interface GateState {
  inFlight: number;
  version: number;
}

/**
 * Setting a channel's limits where its calls are gated, and reading how many are out. Limits
 * set here take the place of the configuration the calls carry; `setLimits` returns the version
 * a later `gateState` names once the gate applied them.
 */
export interface GateControl {
  setLimits(code: string, limits: GateLimits): number;
  gateState(code: string): GateState | undefined;
}

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
  let emissionMs = 0;
  let toleranceMs = 0;
  const setRate = (rate: number) => {
    emissionMs = 1000 / Math.max(rate, 0.001);
    const burst = Math.max(1, Math.floor((rate * BURST_MS) / 1000));
    toleranceMs = (burst - 1) * emissionMs;
  };
  setRate(ratePerSecond);
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
    /** Another rate from the next start on. */
    setRate,
    /** Resolves when this call may start (at once when it may start now). */
    nextStart: (): Promise<void> | undefined => {
      const waitMs = reserve();
      return waitMs > 0 ? new Promise((resolve) => setTimeout(resolve, waitMs)) : undefined;
    },
  };
}

/**
 * One channel's gate: calls wait for a slot (at most `concurrency` out) and then for their
 * start (the rate). Resized in place: calls out keep their slots, waiting ones start as slots
 * free under the new limits. (p-limit did this before; it cannot hold calls at 0.)
 */
export function createGate(limits: GateLimits) {
  let concurrency = limits.concurrency;
  const limiter = startRateLimiter(limits.ratePerSecond);
  let active = 0;
  let waiting: ((go: true) => void)[] = [];
  let head = 0;
  function startWaiting() {
    while (active < concurrency && head < waiting.length) {
      active++;
      const go = waiting[head]!;
      waiting[head++] = undefined as never;
      go(true);
    }
    if (head > 1024 && head * 2 > waiting.length) {
      waiting = waiting.slice(head);
      head = 0;
    }
  }
  return {
    async run<T>(call: () => Promise<T>): Promise<T> {
      if (active < concurrency && head === waiting.length) active++;
      else await new Promise<true>((resolve) => waiting.push(resolve));
      try {
        await limiter.nextStart();
        return await call();
      } finally {
        active--;
        startWaiting();
      }
    },
    resize(next: GateLimits) {
      concurrency = next.concurrency;
      limiter.setRate(next.ratePerSecond);
      startWaiting();
    },
    /** Calls out now (started or waiting for their start), not those waiting for a slot. */
    get active() {
      return active;
    },
  };
}

type Gate = ReturnType<typeof createGate>;

/**
 * One gate per channel: its limits are the configuration its calls carry (resized when that
 * changes), or the ones set for it (`setLimits`), which then stand.
 */
export function createChannelGates() {
  const gates = new Map<string, { gate: Gate; key: string; set: boolean; version: number }>();
  const entryOf = (code: string, limits: GateLimits) => {
    let entry = gates.get(code);
    if (!entry) {
      entry = { gate: createGate(limits), key: '', set: false, version: 0 };
      gates.set(code, entry);
    }
    return entry;
  };
  return {
    gateOf(config: GateConfig): Gate {
      const limits = { concurrency: config.maxConcurrency, ratePerSecond: config.ratePerSecond };
      const entry = entryOf(config.code, limits);
      const key = `${config.maxConcurrency}/${config.ratePerSecond}`;
      if (!entry.set && entry.key !== key) {
        entry.gate.resize(limits);
        entry.key = key;
      }
      return entry.gate;
    },
    setLimits(code: string, limits: GateLimits, version: number) {
      const entry = entryOf(code, limits);
      entry.set = true;
      entry.version = version;
      entry.gate.resize(limits);
    },
    gateState(code: string): GateState | undefined {
      const entry = gates.get(code);
      return entry ? { inFlight: entry.gate.active, version: entry.version } : undefined;
    },
    /** Every gate's state (the sender thread reports them with its answers). */
    states(): [string, GateState][] {
      return [...gates].map(([code, e]) => [code, { inFlight: e.gate.active, version: e.version }]);
    },
  };
}

export type ChannelGates = ReturnType<typeof createChannelGates>;

/**
 * Calls that name a gate (`gate` on the request) wait for a slot of that channel first; the
 * answer says how long the exchange itself took, the wait for a slot not counted. Calls
 * without a gate go at once. The gates' limits may be set from outside (GateControl).
 */
export function gated<Req extends { gate?: GateConfig }, Res extends { latencyMs?: number }>(
  call: (req: Req) => Promise<Res>,
  gates: ChannelGates = createChannelGates(),
): ((req: Req) => Promise<Res>) & GateControl {
  let version = 0;
  const send = (req: Req) =>
    req.gate
      ? gates.gateOf(req.gate).run(async () => {
          const started = performance.now();
          const res = await call(req);
          return { ...res, latencyMs: performance.now() - started };
        })
      : call(req);
  return Object.assign(send, {
    setLimits: (code: string, limits: GateLimits) => {
      gates.setLimits(code, limits, ++version);
      return version;
    },
    gateState: (code: string) => gates.gateState(code),
  });
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
