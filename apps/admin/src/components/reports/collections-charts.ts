// The collections dashboard's charts (代扣回款), as pure builders of echarts options: due
// (asked) against collected per day and per window with the amount rate, first attempts against
// retries by outcome, success rates by a dimension, and the outcomes and failure codes as rings.
// Every item carries its drill-down; tooltips show the exact amounts.
import type { EChartOption } from '@/components/echart';
import { enumLabel, type Locale, type Translate } from '@/i18n';
import { formatCount } from '@/lib/format';
import type { RouterOutputs } from '@/lib/trpc';
import { DEBIT_OUTCOMES } from '@repay/rules/vocabulary';
import {
  chartNumber,
  compactYuan,
  escapeHtml,
  formatRate,
  OUTCOME_COLOURS,
  percentOf,
  SERIES_COLOURS,
  tipLine,
  yuanText,
  type Item,
} from './chart-kit';
import type { Drill } from './report-filters';

export type Collections = RouterOutputs['reports']['collections'];
export type Figures = Collections['total'];
type Outcome = keyof Figures['outcomes'];

interface AxisParam {
  dataIndex: number;
}
interface ItemParam {
  dataIndex: number;
  percent?: number;
  data?: Item;
}

/** Asked and collected bars with the amount rate as a line, over some categories. */
function askedCollected(
  rows: { label: string; figures: Figures; drill: Drill | null; title: string }[],
  t: Translate,
  locale: Locale,
): EChartOption {
  const item = (value: number | null, drill: Drill | null, extra?: Drill): Item => ({
    value,
    ...(drill ? { drill: { ...drill, ...extra } } : {}),
  });
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: AxisParam[]) => {
        const row = rows[params[0]?.dataIndex ?? -1];
        if (!row) return '';
        const f = row.figures;
        return [
          escapeHtml(row.title),
          tipLine(t('reports.asked'), `${yuanText(f.amount)}（${formatCount(f.orders)}）`),
          tipLine(
            t('reports.collected'),
            `${yuanText(f.collected)}（${formatCount(f.collectedOrders)}）`,
          ),
          tipLine(t('reports.amountRate'), formatRate(f.amountRate)),
          tipLine(t('reports.successRate'), formatRate(f.successRate)),
          ...(f.inFlightOrders > 0
            ? [tipLine(t('reports.inFlight'), formatCount(f.inFlightOrders))]
            : []),
        ].join('<br/>');
      },
    },
    legend: { bottom: 0 },
    grid: { left: 64, right: 48, top: 24, bottom: 56 },
    xAxis: { type: 'category', data: rows.map((r) => r.label) },
    yAxis: [
      { type: 'value', axisLabel: { formatter: compactYuan(locale) } },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    ],
    series: [
      {
        type: 'bar',
        name: t('reports.asked'),
        itemStyle: { color: SERIES_COLOURS.asked },
        barMaxWidth: 32,
        data: rows.map((r) => item(chartNumber(r.figures.amount), r.drill)),
      },
      {
        type: 'bar',
        name: t('reports.collected'),
        itemStyle: { color: SERIES_COLOURS.collected },
        barMaxWidth: 32,
        data: rows.map((r) =>
          item(chartNumber(r.figures.collected), r.drill, { outcome: 'success' }),
        ),
      },
      {
        type: 'line',
        name: t('reports.amountRate'),
        yAxisIndex: 1,
        itemStyle: { color: SERIES_COLOURS.rate },
        connectNulls: false,
        data: rows.map((r) => item(percentOf(r.figures.amountRate), r.drill)),
      },
    ],
  };
}

/** 每日应扣与实扣: a bar pair per business date (oldest on the left), the amount rate above. */
export function dailyOption(days: Collections['days'], t: Translate, locale: Locale): EChartOption {
  return askedCollected(
    days.map((d) => ({
      label: d.date.slice(5),
      title: d.date,
      figures: d,
      drill: { businessDate: d.date },
    })),
    t,
    locale,
  );
}

/** 按扣款时段: the same per window, the windowless debits (manual, settlement) last. */
export function windowOption(
  windows: Collections['windows'],
  t: Translate,
  locale: Locale,
): EChartOption {
  return askedCollected(
    windows.map((w) => {
      const label = w.window === '' ? t('reports.noWindow') : w.window;
      return {
        label,
        title: label,
        figures: w,
        drill: w.window === '' ? null : { window: w.window },
      };
    }),
    t,
    locale,
  );
}

/** 首扣与重试: orders of each outcome, stacked, for first attempts and for retries. */
export function attemptsOption(attempts: Collections['attempts'], t: Translate): EChartOption {
  const kinds = [
    { key: 'first' as const, label: t('reports.first'), figures: attempts.first },
    { key: 'retry' as const, label: t('reports.retry'), figures: attempts.retry },
  ];
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: AxisParam[]) => {
        const kind = kinds[params[0]?.dataIndex ?? -1];
        if (!kind) return '';
        const f = kind.figures;
        return [
          escapeHtml(kind.label),
          tipLine(t('reports.successRate'), formatRate(f.successRate)),
          tipLine(t('reports.askedOrders'), formatCount(f.orders)),
          ...DEBIT_OUTCOMES.filter((o) => f.outcomes[o].orders > 0).map((o) =>
            tipLine(enumLabel(t, 'debitOutcome', o), formatCount(f.outcomes[o].orders)),
          ),
        ].join('<br/>');
      },
    },
    legend: { bottom: 0, type: 'scroll' },
    grid: { left: 64, right: 16, top: 24, bottom: 56 },
    xAxis: {
      type: 'category',
      data: kinds.map((k) => `${k.label} ${formatRate(k.figures.successRate)}`),
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: DEBIT_OUTCOMES.map((o) => ({
      type: 'bar',
      stack: 'outcomes',
      name: enumLabel(t, 'debitOutcome', o),
      itemStyle: { color: OUTCOME_COLOURS[o] },
      barMaxWidth: 64,
      emphasis: { focus: 'series' },
      data: kinds.map((k): Item => ({
        value: k.figures.outcomes[o].orders,
        drill: { attempt: k.key, outcome: o },
      })),
    })),
  };
}

export type Dimension = 'channel' | 'bank' | 'funder' | 'product' | 'line';

/** The rows of one dimension with their label and what a click on one narrows to. */
export function dimensionRows(data: Collections, dim: Dimension, t: Translate) {
  switch (dim) {
    case 'channel':
      return data.channels.map((r) => ({
        label: r.channel || t('reports.noChannel'),
        figures: r,
        drill: r.channel ? { channel: r.channel } : null,
      }));
    case 'bank':
      return data.banks.map((r) => ({
        label: r.bank || t('reports.noBank'),
        figures: r,
        drill: r.bank ? { bank: r.bank } : null,
      }));
    case 'funder':
      return data.funders.map((r) => ({
        label: r.funderName || r.funderCode,
        figures: r,
        drill: { funderCode: r.funderCode },
      }));
    case 'product':
      return data.products.map((r) => ({
        label: r.productName || r.productCode,
        figures: r,
        drill: { productCode: r.productCode },
      }));
    case 'line':
      return data.businessLines.map((r) => ({
        label: enumLabel(t, 'businessLine', r.businessLine),
        figures: r,
        drill: { businessLine: r.businessLine },
      }));
  }
}

/** 成功率对比: one horizontal bar per value of the dimension (most orders on top), in %. */
export function compareOption(rows: ReturnType<typeof dimensionRows>, t: Translate): EChartOption {
  const shown = [...rows].reverse();
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: AxisParam[]) => {
        const row = shown[params[0]?.dataIndex ?? -1];
        if (!row) return '';
        const f = row.figures;
        return [
          escapeHtml(row.label),
          tipLine(t('reports.successRate'), formatRate(f.successRate)),
          tipLine(t('reports.amountRate'), formatRate(f.amountRate)),
          tipLine(t('reports.askedOrders'), formatCount(f.orders)),
          tipLine(t('reports.collected'), yuanText(f.collected)),
        ].join('<br/>');
      },
    },
    grid: { left: 8, right: 56, top: 8, bottom: 24, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: shown.map((r) => r.label) },
    series: [
      {
        type: 'bar',
        name: t('reports.successRate'),
        barMaxWidth: 20,
        itemStyle: { color: SERIES_COLOURS.collected },
        label: {
          show: true,
          position: 'right',
          formatter: (p: { dataIndex: number }) =>
            formatRate(shown[p.dataIndex]?.figures.successRate ?? null),
        },
        data: shown.map((r): Item => ({
          value: percentOf(r.figures.successRate),
          ...(r.drill ? { drill: r.drill } : {}),
        })),
      },
    ],
  };
}

/** A ring of slices with their share, count and amount in the tooltip. */
function ring(
  slices: (Item & { name: string; orders: number; amount: string | null })[],
  t: Translate,
): EChartOption {
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: ItemParam) => {
        const s = slices[p.dataIndex];
        if (!s) return '';
        return [
          `${escapeHtml(s.name)} (${p.percent ?? 0}%)`,
          tipLine(t('reports.orders'), formatCount(s.orders)),
          ...(s.amount === null ? [] : [tipLine(t('reports.asked'), yuanText(s.amount))]),
        ].join('<br/>');
      },
    },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        radius: ['38%', '62%'],
        center: ['50%', '44%'],
        label: { formatter: '{d}%', overflow: 'none' },
        data: slices,
      },
    ],
  };
}

/** 结果分布: every outcome with orders, by count. */
export function outcomesOption(total: Figures, t: Translate): EChartOption {
  return ring(
    DEBIT_OUTCOMES.filter((o) => total.outcomes[o].orders > 0).map((o) => ({
      name: enumLabel(t, 'debitOutcome', o),
      value: total.outcomes[o].orders,
      orders: total.outcomes[o].orders,
      amount: total.outcomes[o].amount,
      itemStyle: { color: OUTCOME_COLOURS[o]! },
      drill: { outcome: o },
    })),
    t,
  );
}

/** 失败原因: the `top` raw codes with most failures, the rest as one slice (no drill-down). */
export function failureCodesOption(
  codes: Collections['failureCodes'],
  t: Translate,
  top = 8,
): EChartOption {
  const head = codes.slice(0, top);
  const rest = codes.slice(top);
  const restOrders = rest.reduce((n, c) => n + c.orders, 0);
  return ring(
    [
      ...head.map((c) => ({
        name: `${c.rawCode || '—'} · ${enumLabel(t, 'debitOutcome', c.outcome)}`,
        value: c.orders,
        orders: c.orders,
        amount: c.amount,
        drill: { outcome: c.outcome, rawCode: c.rawCode },
      })),
      ...(restOrders > 0
        ? [
            {
              name: t('reports.others'),
              value: restOrders,
              orders: restOrders,
              amount: null,
              itemStyle: { color: '#d9d9d9' },
            },
          ]
        : []),
    ],
    t,
  );
}

export type { Outcome };
