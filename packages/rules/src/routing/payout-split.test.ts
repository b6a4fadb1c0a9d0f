import { describe, expect, it } from 'vitest';
import { splitAcrossPositions } from './payout-split';

describe('splitAcrossPositions', () => {
  it('pays the whole amount from the first account in order that can', () => {
    expect(
      splitAcrossPositions(100_00n, [
        { code: 'a', capacityFen: 50_00n },
        { code: 'b', capacityFen: 100_00n },
        { code: 'c', capacityFen: 500_00n },
      ]),
    ).toEqual([{ code: 'b', amountFen: 100_00n }]);
  });

  it('splits across accounts, largest first, when none can pay it whole', () => {
    expect(
      splitAcrossPositions(1_000_01n, [
        { code: 'a', capacityFen: 300_00n },
        { code: 'b', capacityFen: 800_00n },
      ]),
    ).toEqual([
      { code: 'b', amountFen: 800_00n },
      { code: 'a', amountFen: 200_01n },
    ]);
  });

  it('keeps what no account can pay as one waiting part: the parts add up to the amount', () => {
    const parts = splitAcrossPositions(1_000_00n, [
      { code: 'a', capacityFen: 300_00n },
      { code: 'b', capacityFen: 0n },
      { code: 'c', capacityFen: -5n },
    ]);
    expect(parts).toEqual([
      { code: 'a', amountFen: 300_00n },
      { code: null, amountFen: 700_00n },
    ]);
    expect(parts.reduce((s, p) => s + p.amountFen, 0n)).toBe(1_000_00n);
    expect(splitAcrossPositions(5n, [])).toEqual([{ code: null, amountFen: 5n }]);
    expect(splitAcrossPositions(0n, [{ code: 'a', capacityFen: 10n }])).toEqual([]);
  });
});
