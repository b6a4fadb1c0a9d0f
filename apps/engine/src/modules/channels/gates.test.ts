import { describe, expect, it } from 'vitest';
import { createChannelGates } from './gates';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('channel gates', () => {
  it('never has more calls in flight than the channel’s concurrency', async () => {
    const gateOf = createChannelGates();
    const gate = gateOf({ code: 'a', maxConcurrency: 3, ratePerSecond: 10_000 });
    let inFlight = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        gate(async () => {
          most = Math.max(most, ++inFlight);
          await sleep(5);
          inFlight--;
        }),
      ),
    );
    expect(most).toBe(3);
  });

  it('starts no more calls per second than the channel’s rate', async () => {
    const gateOf = createChannelGates();
    const gate = gateOf({ code: 'a', maxConcurrency: 100, ratePerSecond: 20 });
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 30 }, () => gate(() => Promise.resolve(starts.push(Date.now())))),
    );
    starts.sort((x, y) => x - y);
    // Any 20 + 1 consecutive starts span at least most of a second.
    for (let i = 20; i < starts.length; i++)
      expect(starts[i]! - starts[i - 20]!).toBeGreaterThanOrEqual(900);
  });

  it('a changed configuration gets a new gate; the same one is reused', () => {
    const gateOf = createChannelGates();
    const first = gateOf({ code: 'a', maxConcurrency: 3, ratePerSecond: 10 });
    expect(gateOf({ code: 'a', maxConcurrency: 3, ratePerSecond: 10 })).toBe(first);
    expect(gateOf({ code: 'a', maxConcurrency: 4, ratePerSecond: 10 })).not.toBe(first);
  });
});
