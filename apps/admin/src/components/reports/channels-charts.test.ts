import { describe, expect, it } from 'vitest';
import { translate, type MessageKey } from '@/i18n';
import { drillOf } from './chart-kit';
import {
  hourlyOption,
  HOURS,
  latencyTrendOption,
  rateTrendOption,
  volumeOption,
  type ChannelHours,
  type Channels,
} from './channels-charts';

const t = (key: MessageKey, vars?: Record<string, string | number>) =>
  translate('zh-CN', key, vars);

interface Series {
  name?: string;
  type?: string;
  stack?: string;
  yAxisIndex?: number;
  data: unknown[];
  markLine?: { data: unknown[] };
  label?: { formatter: (p: { dataIndex: number }) => string };
}
const series = (o: unknown) => (o as { series: Series[] }).series;
/** The values of a series' items (an item is a number or an object with its value). */
const values = (s: Series | undefined) =>
  s!.data.map((d) => (typeof d === 'object' && d !== null ? (d as { value: unknown }).value : d));
const axis = (o: unknown, which: 'xAxis' | 'yAxis') =>
  (o as Record<string, { data: string[] }>)[which]!.data;

const day = (date: string, channel: string, over: Partial<Channels['days'][number]> = {}) => ({
  date,
  channel,
  attempts: 10,
  successes: 8,
  borrowerFailures: 2,
  errors: 0,
  successRate: 1,
  avgLatencyMs: 120,
  maxLatencyMs: 300,
  orders: 10,
  amount: '1000.00',
  collectedOrders: 8,
  collected: '800.00',
  cost: '2.40',
  costPerSuccess: '0.30',
  ...over,
});

const data = {
  from: '2026-03-14',
  to: '2026-03-15',
  today: '2026-03-15',
  liveDates: ['2026-03-15'],
  channels: [{ channel: 'sandbox-a' }, { channel: 'sandbox-b' }],
  days: [
    day('2026-03-14', 'sandbox-a', { successRate: 0.875 }),
    day('2026-03-14', 'sandbox-b', { attempts: 0, successRate: null, avgLatencyMs: null }),
    day('2026-03-15', 'sandbox-a', { cost: '0.05' }),
    day('2026-03-15', 'sandbox-b', { successRate: 0.4, cost: '0.10' }),
  ],
  circuitEvents: [
    // 2026-03-15 01:00 in Shanghai: the 15th.
    {
      channel: 'sandbox-b',
      at: '2026-03-14T17:00:00.000Z',
      from: 'closed',
      to: 'open',
      reason: 'rate',
      byPerson: false,
    },
  ],
} as unknown as Channels;

describe('the channels’ daily charts', () => {
  it('draws each channel’s success rate in %, a day without answers as a gap', () => {
    const option = rateTrendOption(data, t);
    expect(axis(option, 'xAxis')).toEqual(['03-14', '03-15']);
    const [a, b] = series(option);
    expect(values(a)).toEqual([87.5, 100]);
    expect(values(b)).toEqual([null, 40]);
    expect(drillOf({ data: b!.data[1] })).toEqual({
      channel: 'sandbox-b',
      businessDate: '2026-03-15',
    });
  });

  it('marks a circuit move on its business day (Asia/Shanghai) on its channel’s line', () => {
    const [a, b] = series(rateTrendOption(data, t));
    expect(a!.markLine).toBeUndefined();
    expect(b!.markLine!.data).toEqual([
      expect.objectContaining({ xAxis: '03-15', name: 'sandbox-b 已熔断' }),
    ]);
  });

  it('draws latency in milliseconds', () => {
    const [a, b] = series(latencyTrendOption(data, t));
    expect(values(a)).toEqual([120, 120]);
    expect(values(b)).toEqual([null, 120]);
  });

  it('stacks the amounts per channel and adds the day’s fees exactly', () => {
    const option = volumeOption(data, t, 'zh-CN');
    const bars = series(option).filter((s) => s.type === 'bar');
    expect(bars.map((s) => s.stack)).toEqual(['amount', 'amount']);
    expect(values(bars[0])).toEqual([1000, 1000]);
    const fees = series(option).find((s) => s.type === 'line')!;
    expect(fees.data).toEqual([4.8, 0.15]);
  });
});

describe('hourlyOption (分时)', () => {
  const hour = (h: number, channel: string, successRate: number | null, attempts: number) => ({
    hour: h,
    channel,
    attempts,
    successes: 0,
    borrowerFailures: 0,
    errors: 0,
    successRate,
    avgLatencyMs: 100,
    maxLatencyMs: 200,
  });
  const data: ChannelHours = {
    date: '2026-03-14',
    today: '2026-03-15',
    channels: ['sandbox-a', 'sandbox-b'],
    hours: [
      hour(10, 'sandbox-a', 0.9, 40),
      hour(10, 'sandbox-b', 0.5, 8),
      hour(14, 'sandbox-b', 1, 3),
    ],
    circuitEvents: [
      { channel: 'sandbox-b', at: '2026-03-14T02:20:00.000Z', from: 'closed', to: 'open' },
    ],
  };

  it('puts every hour of the date on the axis, rates as lines and attempts as stacked bars', () => {
    const o = hourlyOption(data, t);
    expect(axis(o, 'xAxis')).toEqual(HOURS);
    expect(HOURS[10]).toBe('10:00');
    const [barsA, barsB, lineA, lineB] = series(o);
    expect(barsA!).toMatchObject({ type: 'bar', stack: 'attempts', yAxisIndex: 1 });
    expect(values(barsA)[10]).toBe(40);
    expect(values(barsB)[14]).toBe(3);
    expect(values(barsB)[9]).toBe(0);
    // An hour without attempts is a gap in the rate's line, not 0 %.
    expect(values(lineA)[10]).toBe(90);
    expect(values(lineA)[11]).toBeNull();
    expect(values(lineB)[14]).toBe(100);
  });

  it('marks the circuit move at its Shanghai hour, on its own channel, and drills to the date', () => {
    const o = hourlyOption(data, t);
    const [, , lineA, lineB] = series(o);
    expect(lineA!.markLine).toBeUndefined();
    expect(lineB!.markLine!.data).toEqual([expect.objectContaining({ xAxis: '10:00' })]);
    expect(drillOf({ data: lineB!.data[14] })).toEqual({
      channel: 'sandbox-b',
      businessDate: '2026-03-14',
    });
  });
});
