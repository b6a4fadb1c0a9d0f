'use client';
// Home: today's key figures, what falls due in the next 7 days, and the book by business line.
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Skeleton, Statistic } from 'antd';
import { EChart } from '@/components/echart';
import { useDueChart, useLineChart } from '@/components/home/home-charts';
import { useT } from '@/i18n';
import { formatCount, formatYuan } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';

export default function HomePage() {
  const t = useT();
  const trpc = useTRPC();
  const summary = useQuery(trpc.dashboard.summary.queryOptions());
  const data = summary.data;

  const dueOption = useDueChart(data);
  const lineOption = useLineChart(data);

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
