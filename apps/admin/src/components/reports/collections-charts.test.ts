import { describe, expect, it } from 'vitest';
import { translate, type MessageKey } from '@/i18n';
import { drillOf } from './chart-kit';
import {
  attemptsOption,
  compareOption,
  dailyOption,
  dimensionRows,
  failureCodesOption,
  outcomesOption,
  windowOption,
  type Collections,
  type Figures,
} from './collections-charts';

const t = (key: MessageKey, vars?: Record<string, string | number>) =>
  translate('zh-CN', key, vars);

/** Figures as the engine sends them: `success` and `fail_funds` orders, the rest none. */
function figures(orders: { success: [number, string]; fail_funds?: [number, string] }): Figures {
  const none = { orders: 0, amount: '0.00' };
  const [ok, okAmount] = orders.success;
  const [bad, badAmount] = orders.fail_funds ?? [0, '0.00'];
  const total = ok + bad;
  return {
    orders: total,
    amount: (Number(okAmount) + Number(badAmount)).toFixed(2),
    collectedOrders: ok,
    collected: okAmount,
    inFlightOrders: 0,
    successRate: total === 0 ? null : ok / total,
    amountRate: total === 0 ? null : Number(okAmount) / (Number(okAmount) + Number(badAmount)),
    fee: '0.00',
    outcomes: {
      success: { orders: ok, amount: okAmount },
      fail_funds: { orders: bad, amount: badAmount },
      fail_card: none,
      fail_request: none,
      fail_other: none,
      in_flight: none,
      reversed: none,
    },
  };
}

const day1 = figures({ success: [3, '3000.00'], fail_funds: [1, '1234.56'] });
const day2 = figures({ success: [0, '0.00'] });

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
const tooltip = (o: unknown, params: unknown) =>
  (o as { tooltip: { formatter: (p: unknown) => string } }).tooltip.formatter(params);

describe('due and collected per day', () => {
  const option = dailyOption(
    [
      { date: '2026-03-14', ...day1 },
      { date: '2026-03-15', ...day2 },
    ],
    t,
    'zh-CN',
  );

  it('has a bar pair per date and the amount rate as a percentage line', () => {
    expect(axis(option, 'xAxis')).toEqual(['03-14', '03-15']);
    const [asked, collected, rate] = series(option);
    expect(values(asked)).toEqual([4234.56, 0]);
    expect(values(collected)).toEqual([3000, 0]);
    expect(rate!.type).toBe('line');
    expect(rate!.yAxisIndex).toBe(1);
    expect(values(rate)).toEqual([70.8, null]);
  });

  it('opens the day’s orders, or its successes from the collected bar', () => {
    const [asked, collected] = series(option);
    expect(drillOf({ data: asked!.data[0] })).toEqual({ businessDate: '2026-03-14' });
    expect(drillOf({ data: collected!.data[1] })).toEqual({
      businessDate: '2026-03-15',
      outcome: 'success',
    });
  });

  it('shows the exact amounts in the tooltip', () => {
    const text = tooltip(option, [{ dataIndex: 0 }]);
    expect(text).toContain('2026-03-14');
    expect(text).toContain('应扣金额: ¥4,234.56（4）');
    expect(text).toContain('实扣金额: ¥3,000.00（3）');
    expect(text).toContain('金额回收率: 70.8%');
  });
});

describe('by window', () => {
  it('names the windowless debits and opens nothing for them', () => {
    const option = windowOption(
      [
        { window: '10:00', ...day1 },
        { window: '', ...day2 },
      ],
      t,
      'zh-CN',
    );
    expect(axis(option, 'xAxis')).toEqual(['10:00', '手动/结清']);
    const [asked] = series(option);
    expect(drillOf({ data: asked!.data[0] })).toEqual({ window: '10:00' });
    expect(drillOf({ data: asked!.data[1] })).toBeNull();
  });
});

describe('first attempts and retries', () => {
  it('stacks each outcome’s orders, a click opening that attempt’s orders of that outcome', () => {
    const option = attemptsOption({ first: day1, retry: day2 }, t);
    expect(axis(option, 'xAxis')).toEqual(['首扣 75.0%', '重试 —']);
    const stacks = series(option);
    expect(stacks.map((s) => s.name)).toContain('余额不足/超限');
    const funds = stacks.find((s) => s.name === '余额不足/超限')!;
    expect(values(funds)).toEqual([1, 0]);
    expect(drillOf({ data: funds.data[0] })).toEqual({ attempt: 'first', outcome: 'fail_funds' });
  });
});

describe('success rates by a dimension', () => {
  const data = {
    channels: [
      { channel: 'sandbox-a', ...day1 },
      { channel: '', ...day2 },
    ],
    businessLines: [{ businessLine: 'consumer', ...day1 }],
  } as unknown as Collections;

  it('lists the values with most orders on top, in %, the unrouted ones named and not opened', () => {
    const rows = dimensionRows(data, 'channel', t);
    const option = compareOption(rows, t);
    // echarts draws a category axis upwards: the first row is listed last.
    expect(axis(option, 'yAxis')).toEqual(['未路由', 'sandbox-a']);
    const [bars] = series(option);
    expect(values(bars)).toEqual([null, 75]);
    expect(drillOf({ data: bars!.data[1] })).toEqual({ channel: 'sandbox-a' });
    expect(drillOf({ data: bars!.data[0] })).toBeNull();
    expect(bars!.label!.formatter({ dataIndex: 1 })).toBe('75.0%');
  });

  it('names business lines from the dictionary', () => {
    const [row] = dimensionRows(data, 'line', t);
    expect(row).toMatchObject({ label: '消费分期', drill: { businessLine: 'consumer' } });
  });
});

describe('outcomes and failure codes', () => {
  it('leaves outcomes without orders out of the ring', () => {
    const option = outcomesOption(day1, t);
    const [ring] = series(option);
    expect(
      ring!.data.map((d) => [(d as { name: string }).name, (d as { value: number }).value]),
    ).toEqual([
      ['成功', 3],
      ['余额不足/超限', 1],
    ]);
    expect(drillOf({ data: ring!.data[1] })).toEqual({ outcome: 'fail_funds' });
    expect(tooltip(option, { dataIndex: 1, percent: 25 })).toContain('应扣金额: ¥1,234.56');
  });

  it('shows the top codes and the rest as one slice that opens nothing', () => {
    const codes = Array.from({ length: 10 }, (_, i) => ({
      outcome: 'fail_funds',
      rawCode: `C${i}`,
      orders: 10 - i,
      amount: `${10 - i}.00`,
    }));
    const [ring] = series(failureCodesOption(codes, t, 8));
    expect(ring!.data).toHaveLength(9);
    expect(ring!.data[0]).toMatchObject({ name: 'C0 · 余额不足/超限', value: 10 });
    expect(drillOf({ data: ring!.data[0] })).toEqual({ outcome: 'fail_funds', rawCode: 'C0' });
    expect(ring!.data[8]).toMatchObject({ name: '其他', value: 3 });
    expect(drillOf({ data: ring!.data[8] })).toBeNull();
  });
});
