import { describe, expect, it } from 'vitest';
import { createChannelGates, gated, startRateLimiter } from './gates';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('channel gates', () => {
  it('never has more calls in flight than the channel’s concurrency', async () => {
    const gates = createChannelGates();
    const gate = gates.gateOf({ code: 'a', maxConcurrency: 3, ratePerSecond: 10_000 });
    let inFlight = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        gate.run(async () => {
          most = Math.max(most, ++inFlight);
          await sleep(5);
          inFlight--;
        }),
      ),
    );
    expect(most).toBe(3);
  });

  it('starts no more calls per second than the channel’s rate', async () => {
    const gates = createChannelGates();
    const gate = gates.gateOf({ code: 'a', maxConcurrency: 100, ratePerSecond: 20 });
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 30 }, () => gate.run(() => Promise.resolve(starts.push(Date.now())))),
    );
    starts.sort((x, y) => x - y);
    // Any 20 + 1 consecutive starts span at least most of a second.
    for (let i = 20; i < starts.length; i++)
      expect(starts[i]! - starts[i - 20]!).toBeGreaterThanOrEqual(900);
  });

  it('a changed configuration resizes the channel’s gate: calls out keep their slots', async () => {
    const gates = createChannelGates();
    const first = gates.gateOf({ code: 'a', maxConcurrency: 4, ratePerSecond: 10_000 });
    let inFlight = 0;
    let most = 0;
    const call = (gate: typeof first) =>
      gate.run(async () => {
        most = Math.max(most, ++inFlight);
        await sleep(30);
        inFlight--;
      });
    const out = Array.from({ length: 4 }, () => call(first));
    await sleep(5);
    const resized = gates.gateOf({ code: 'a', maxConcurrency: 2, ratePerSecond: 10_000 });
    expect(resized).toBe(first);
    most = 0;
    // Four calls out under the old limit: none of these starts until only one is left.
    const later = Array.from({ length: 6 }, () => call(resized));
    await sleep(5);
    expect(inFlight).toBe(4);
    await Promise.all([...out, ...later]);
    // The later ones ran two at a time at most.
    expect(most).toBe(2);
    expect(gates.gateState('a')).toEqual({ inFlight: 0, version: 0 });
  });

  it('limits set for a channel stand over the configuration its calls carry, 0 holding every call', async () => {
    const gates = createChannelGates();
    gates.setLimits('a', { concurrency: 0, ratePerSecond: 0 }, 1);
    let started = 0;
    const config = { code: 'a', maxConcurrency: 10, ratePerSecond: 10_000 };
    const calls = Array.from({ length: 5 }, () =>
      gates.gateOf(config).run(async () => {
        started++;
        await sleep(10);
      }),
    );
    await sleep(20);
    expect(started).toBe(0);
    gates.setLimits('a', { concurrency: 2, ratePerSecond: 10_000 }, 2);
    await sleep(5);
    expect(started).toBe(2);
    expect(gates.gateState('a')).toEqual({ inFlight: 2, version: 2 });
    await Promise.all(calls);
    expect(started).toBe(5);
  });

  it('a saturated channel starts a call as soon as the rate allows, not a window later', () => {
    let clock = 0;
    const { reserve } = startRateLimiter(2000, () => clock);
    // A tenth of a second's allowance (200) starts at once; the next ones every 0.5 ms.
    const burst = Array.from({ length: 200 }, reserve);
    expect(burst.every((w) => w === 0)).toBe(true);
    expect(reserve()).toBeCloseTo(0.5, 9);
    expect(reserve()).toBeCloseTo(1, 9);
    // 100 ms on, the allowance has refilled by 200 less the 2 reserved since.
    clock = 100;
    const after = Array.from({ length: 199 }, reserve);
    expect(after.filter((w) => w === 0)).toHaveLength(198);
    expect(after.at(-1)).toBeCloseTo(0.5, 9);
  });

  it('over any span, starts never exceed the rate plus one burst', () => {
    let clock = 0;
    const { reserve } = startRateLimiter(50, () => clock); // burst 5, every 20 ms
    const starts: number[] = [];
    for (let i = 0; i < 500; i++) {
      clock += (i * 7919) % 13; // arrivals at uneven times
      starts.push(clock + reserve());
    }
    starts.sort((x, y) => x - y);
    for (let i = 0; i < starts.length; i++) {
      const inSecond = starts.filter((t) => t >= starts[i]! && t < starts[i]! + 1000).length;
      expect(inSecond).toBeLessThanOrEqual(50 + 5);
    }
  });
});

describe('gated calls', () => {
  it('a call naming a gate waits for a slot; its latency is the call’s own, not the wait', async () => {
    let inFlight = 0;
    let most = 0;
    const call = gated(
      async (req: {
        gate?: { code: string; maxConcurrency: number; ratePerSecond: number };
      }): Promise<{ ok: string; latencyMs?: number }> => {
        most = Math.max(most, ++inFlight);
        await sleep(40);
        inFlight--;
        return { ok: req.gate?.code ?? 'none' };
      },
    );
    const gate = { code: 'a', maxConcurrency: 2, ratePerSecond: 10_000 };
    const answers = await Promise.all(Array.from({ length: 8 }, () => call({ gate })));
    expect(call.gateState('a')).toEqual({ inFlight: 0, version: 0 });
    expect(most).toBe(2);
    expect(answers.map((a) => a.ok)).toEqual(Array(8).fill('a'));
    // The last pair waited 120 ms or more for a slot: not counted.
    for (const a of answers) {
      expect(a.latencyMs).toBeGreaterThanOrEqual(39);
      expect(a.latencyMs).toBeLessThan(110);
    }
  });

  it('a call without a gate goes at once, untimed', async () => {
    let inFlight = 0;
    let most = 0;
    const call = gated(async (_req: { gate?: undefined }): Promise<{ latencyMs?: number }> => {
      most = Math.max(most, ++inFlight);
      await sleep(10);
      inFlight--;
      return {};
    });
    const answers = await Promise.all(Array.from({ length: 5 }, () => call({})));
    expect(most).toBe(5);
    expect(answers.every((a) => a.latencyMs === undefined)).toBe(true);
  });
});
