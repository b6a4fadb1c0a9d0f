import { describe, expect, it } from 'vitest';
import { translate, type MessageKey } from '@/i18n';
import { drillOf } from './chart-kit';
import {
  latencyTrendOption,
  rateTrendOption,
  volumeOption,
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
