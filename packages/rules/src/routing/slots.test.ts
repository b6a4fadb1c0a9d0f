import { describe, expect, it } from 'vitest';
import { fairShares, slotShare, type SlotHolder } from './slots';

describe('fairShares', () => {
  it('divides the limit equally among those who want all of it', () => {
    expect(fairShares(64, [64, 64])).toEqual([32, 32]);
    expect(fairShares(64, [64, 64, 64])).toEqual([22, 21, 21]);
  });

  it('gives nobody more than it asks; the rest goes to those who ask more', () => {
    expect(fairShares(64, [10, 64])).toEqual([10, 54]);
    expect(fairShares(10, [3, 0, 100])).toEqual([3, 0, 7]);
  });

  it('with fewer slots than askers gives one each in order', () => {
    expect(fairShares(2, [5, 5, 5])).toEqual([1, 1, 0]);
  });
});

describe('slotShare', () => {
  const share = (others: SlotHolder[], me: { wants: number; held: number; busy: number }) =>
    slotShare({ limit: 64, others, me: 'p2', ...me });

  it('a process alone takes the whole limit', () => {
    expect(share([], { wants: 500, held: 0, busy: 0 })).toEqual({
      slots: 64,
      permits: 64,
      fair: 64,
    });
  });

  it('a newcomer gets only what nobody holds, and the holder gives back down to its share as its calls come home', () => {
    // p1 holds everything: p2 waits.
    const p1 = { holder: 'p1', slots: 64, wants: 64 };
    expect(share([p1], { wants: 64, held: 0, busy: 0 })).toEqual({
      slots: 0,
      permits: 0,
      fair: 32,
    });
    // p1 renews: it may start calls up to 32, and keeps the slots its 50 calls occupy.
    const p1Renews = slotShare({
      limit: 64,
      others: [{ holder: 'p2', slots: 0, wants: 64 }],
      me: 'p1',
      wants: 64,
      held: 64,
      busy: 50,
    });
    expect(p1Renews).toEqual({ slots: 50, permits: 32, fair: 32 });
    // p2 renews: the 14 free now.
    expect(share([{ ...p1, slots: 50 }], { wants: 64, held: 0, busy: 0 })).toEqual({
      slots: 14,
      permits: 14,
      fair: 32,
    });
  });

  it('never lets the slots held add up to more than the limit, whatever the order of renewals', () => {
    // Three processes renewing in a random order, their calls coming home at random.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const held = new Map([
      ['a', 0],
      ['b', 0],
      ['c', 0],
    ]);
    const busy = new Map([...held.keys()].map((k) => [k, 0]));
    for (let step = 0; step < 2000; step++) {
      const me = ['a', 'b', 'c'][Math.floor(random() * 3)]!;
      busy.set(me, Math.floor(random() * (held.get(me)! + 1)));
      const result = slotShare({
        limit: 64,
        others: [...held]
          .filter(([h]) => h !== me)
          .map(([h, s]) => ({ holder: h, slots: s, wants: 64 })),
        me,
        wants: random() < 0.1 ? 0 : 64,
        held: held.get(me)!,
        busy: busy.get(me)!,
      });
      expect(result.permits).toBeLessThanOrEqual(result.slots);
      held.set(me, result.slots);
      expect([...held.values()].reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(64);
    }
  });

  it('a lowered limit gives no new permits until the slots held fit it', () => {
    expect(
      slotShare({
        limit: 8,
        others: [{ holder: 'p1', slots: 10, wants: 64 }],
        me: 'p2',
        wants: 64,
        held: 4,
        busy: 4,
      }),
    ).toEqual({ slots: 4, permits: 0, fair: 4 });
  });
});
