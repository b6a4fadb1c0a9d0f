'use client';
// Home: today's key figures, what falls due in the next 7 days, and the book by business line.
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Skeleton, Statistic } from 'antd';
import { useMemo } from 'react';
import { EChart, type EChartOption } from '@/components/echart';
import { enumLabel, useI18n } from '@/i18n';
import { formatCount, formatYuan } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';

/** echarts needs numbers for bar heights and slices; every number shown stays the exact string. */
const chartNumber = (yuanString: string) => Number(yuanString);

/** The same hues as the business-line tags. */
const lineColours: Record<string, string> = {
  lease: '#2f54eb',
  consumer: '#13c2c2',
  supply_chain: '#722ed1',
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface TooltipParam {
  dataIndex: number;
  marker?: string;
  percent?: number;
}

export default function HomePage() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const summary = useQuery(trpc.dashboard.summary.queryOptions());
  const data = summary.data;

  const dueOption = useMemo<EChartOption>(() => {
    const days = data?.dueNext7Days ?? [];
    const compact = new Intl.NumberFormat(locale === 'en' ? 'en' : 'zh-CN', {
      notation: 'compact',
      maximumFractionDigits: 1,
    });
    return {
      tooltip: {
        trigger: 'axis',
        formatter: (params: TooltipParam[]) => {
          const day = days[params[0]?.dataIndex ?? -1];
          if (!day) return '';
          return `${escapeHtml(day.date)}<br/>${escapeHtml(t('home.amount'))}: ${escapeHtml(formatYuan(day.amount))}<br/>${escapeHtml(t('home.count'))}: ${formatCount(day.count)}`;
        },
      },
      grid: { left: 64, right: 16, top: 24, bottom: 32 },
      xAxis: { type: 'category', data: days.map((d) => d.date.slice(5)) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => `¥${compact.format(v)}` } },
      series: [
        {
          type: 'bar',
          name: t('home.amount'),
          data: days.map((d) => chartNumber(d.amount)),
          itemStyle: { color: '#1677ff' },
          barMaxWidth: 48,
        },
      ],
    };
  }, [data, t, locale]);

  const lineOption = useMemo<EChartOption>(() => {
    const lines = data?.byBusinessLine ?? [];
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: TooltipParam) => {
          const line = lines[p.dataIndex];
          if (!line) return '';
          return `${escapeHtml(enumLabel(t, 'businessLine', line.businessLine))} (${p.percent ?? 0}%)<br/>${escapeHtml(t('home.outstanding'))}: ${escapeHtml(formatYuan(line.outstandingPrincipal))}<br/>${escapeHtml(t('home.activeLoans'))}: ${formatCount(line.loans)}`;
        },
      },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['38%', '62%'],
          center: ['50%', '45%'],
          label: { formatter: '{d}%', overflow: 'none' },
          data: lines.map((b) => ({
            name: enumLabel(t, 'businessLine', b.businessLine),
            value: chartNumber(b.outstandingPrincipal),
            itemStyle: { color: lineColours[b.businessLine] },
          })),
        },
      ],
    };
  }, [data, t]);

  if (!data) return <Skeleton active />;
  const figures = [
    { key: 'activeLoans', title: t('home.activeLoans'), value: formatCount(data.activeLoans) },
    {
      key: 'outstanding',
      title: t('home.outstanding'),
      value: formatYuan(data.outstandingPrincipal),
    },
    { key: 'dueToday', title: t('home.dueToday'), value: formatCount(data.dueToday.count) },
    {
      key: 'dueTodayAmount',
      title: t('home.dueTodayAmount'),
      value: formatYuan(data.dueToday.amount),
    },
    {
      key: 'overdue',
      title: t('home.overdue'),
      value: formatCount(data.overdue.count),
      danger: true,
    },
    {
      key: 'overdueAmount',
      title: t('home.overdueAmount'),
      value: formatYuan(data.overdue.amount),
      danger: true,
    },
  ];

  return (
    <>
      <h1 className="page-title" style={{ fontSize: 20, marginBottom: 16 }}>
        {t('home.title')} · {data.today}
      </h1>
      <Row gutter={[16, 16]}>
        {figures.map((f) => (
          <Col key={f.key} xs={24} sm={12} lg={8} xxl={4}>
            <Card>
              <Statistic
                title={f.title}
                value={f.value}
                styles={{
                  content: {
                    fontSize: 22,
                    whiteSpace: 'nowrap',
                    fontVariantNumeric: 'tabular-nums',
                    ...(f.danger ? { color: '#cf1322' } : {}),
                  },
                }}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={14}>
          <Card title={<h2 className="page-title">{t('home.next7')}</h2>}>
            <EChart option={dueOption} label={t('home.next7')} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={<h2 className="page-title">{t('home.byLine')}</h2>}>
            <EChart option={lineOption} label={t('home.byLine')} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
