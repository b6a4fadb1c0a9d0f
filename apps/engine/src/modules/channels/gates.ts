// Sending to a channel respects its configuration (channels.max_concurrency, rate_per_second)
// per engine process: p-limit caps the calls in flight, p-throttle the calls started in each
// tenth of a second. With several worker processes each has the whole allowance, so ops
// configure a channel's contract divided by the number of workers (ARCHITECTURE.md).
import pLimit from 'p-limit';
import pThrottle from 'p-throttle';

export interface GateConfig {
  code: string;
  maxConcurrency: number;
  ratePerSecond: number;
}

type Gate = <T>(call: () => Promise<T>) => Promise<T>;

/** Rates are enforced per 100 ms so that a second's allowance is not spent in one burst. */
const SLICE_MS = 100;

function gateFor(config: GateConfig): Gate {
  const inFlight = pLimit(Math.max(1, config.maxConcurrency));
  const perSlice = Math.max(1, Math.floor((config.ratePerSecond * SLICE_MS) / 1000));
  const throttle =
    config.ratePerSecond * SLICE_MS >= 1000
      ? pThrottle({ limit: perSlice, interval: SLICE_MS })
      : pThrottle({ limit: Math.max(1, config.ratePerSecond), interval: 1000 });
  const startSlot = throttle(() => Promise.resolve());
  return (call) =>
    inFlight(async () => {
      await startSlot();
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
