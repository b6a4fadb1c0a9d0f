'use client';
// Home: today's key figures, what falls due this week, and the book by business line.
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Skeleton, Statistic, Typography } from 'antd';
import { useMemo } from 'react';
import { EChart, type EChartOption } from '@/components/echart';
import { enumLabel, useI18n } from '@/i18n';
import { yuan } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';

/** echarts needs numbers for bar heights; display values stay exact strings via the formatter. */
const chartNumber = (yuanString: string) => Number(yuanString);

export default function HomePage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const summary = useQuery(trpc.dashboard.summary.queryOptions());
  const data = summary.data;

  const dueOption = useMemo<EChartOption>(() => {
    const days = data?.dueNext7Days ?? [];
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `¥${String(v)}` },
      grid: { left: 70, right: 20, top: 20, bottom: 30 },
      xAxis: { type: 'category', data: days.map((d) => d.date.slice(5)) },
      yAxis: { type: 'value' },
      series: [{ type: 'bar', name: t('home.amount'), data: days.map((d) => chartNumber(d.amount)), itemStyle: { color: '#1677ff' } }],
    };
  }, [data, t]);

  const lineOption = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'item', valueFormatter: (v: unknown) => `¥${String(v)}` },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['40%', '70%'],
          data: (data?.byBusinessLine ?? []).map((b) => ({ name: enumLabel(t, 'businessLine', b.businessLine), value: chartNumber(b.outstandingPrincipal) })),
        },
      ],
    }),
    [data, t],
  );

  if (!data) return <Skeleton active />;
  const figures = [
    { title: t('home.activeLoans'), value: data.activeLoans.toLocaleString('zh-CN') },
    { title: t('home.outstanding'), value: yuan(data.outstandingPrincipal) },
    { title: t('home.dueToday'), value: data.dueToday.count.toLocaleString('zh-CN') },
    { title: t('home.dueTodayAmount'), value: yuan(data.dueToday.amount) },
    { title: t('home.overdue'), value: data.overdue.count.toLocaleString('zh-CN'), danger: true },
    { title: t('home.overdueAmount'), value: yuan(data.overdue.amount), danger: true },
  ];

  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('home.title')} · {data.today}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {figures.map((f) => (
          <Col key={f.title} xs={24} sm={12} lg={8} xxl={4}>
            <Card>
              <Statistic title={f.title} value={f.value} valueStyle={{ fontSize: 22, whiteSpace: 'nowrap', ...(f.danger ? { color: '#cf1322' } : {}) }} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={14}>
          <Card title={t('home.next7')}>
            <EChart option={dueOption} label={t('home.next7')} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('home.byLine')}>
            <EChart option={lineOption} label={t('home.byLine')} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
