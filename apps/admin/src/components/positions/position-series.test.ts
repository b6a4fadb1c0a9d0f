import { describe, expect, it } from 'vitest';
import { positionSeries } from './position-series';

describe('positionSeries', () => {
  it('draws each account oldest first from movements listed newest first', () => {
    const series = positionSeries([
      {
        channelCode: 'pay-b',
        at: '2024-05-02T01:00:00.000Z',
        balanceAfter: '50.00',
        usableAfter: '40.00',
      },
      {
        channelCode: 'pay-a',
        at: '2024-05-02T00:00:00.000Z',
        balanceAfter: '900.00',
        usableAfter: '700.50',
      },
      {
        channelCode: 'pay-a',
        at: '2024-05-01T00:00:00.000Z',
        balanceAfter: '1000.00',
        usableAfter: '800.00',
      },
    ]);
    expect(series.map((s) => s.channelCode)).toEqual(['pay-a', 'pay-b']);
    // Each line goes on to the latest movement of any account, at its last value.
    expect(series[0]!.usable).toEqual([
      ['2024-05-01T00:00:00.000Z', 800],
      ['2024-05-02T00:00:00.000Z', 700.5],
      ['2024-05-02T01:00:00.000Z', 700.5],
    ]);
    expect(series[0]!.balance.map(([, v]) => v)).toEqual([1000, 900, 900]);
    expect(series[1]!.usable).toEqual([['2024-05-02T01:00:00.000Z', 40]]);
  });

  it('has no lines without movements', () => {
    expect(positionSeries([])).toEqual([]);
  });
});
