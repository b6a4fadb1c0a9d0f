'use client';
// Buckets now (one card each) and over time (each completed run's counts, stacked).
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import { EChart } from '@/components/echart';
import { EnumTag } from '@/components/status';
import { useT } from '@/i18n';
import { formatYuan } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';

const BUCKET_COLOURS: Record<string, string> = {
  M0: '#52c41a',
  M1: '#faad14',
  M2: '#fa8c16',
  M3: '#fa541c',
  'M3+': '#f5222d',
};

export function BucketSummary() {
  const t = useT();
  const trpc = useTRPC();
  const summary = useQuery({ ...trpc.overdue.summary.queryOptions(), refetchInterval: 10_000 });
  const runs = useQuery(trpc.overdue.runs.queryOptions({ limit: 60 }));
  const history = [...(runs.data ?? [])].filter((r) => r.bucketCounts !== null).reverse();
  const overdueBuckets = ['M1', 'M2', 'M3', 'M3+'];
  return (
    <Card
      loading={summary.isLoading}
      title={summary.data && t('overdue.today', { date: summary.data.today })}
    >
      <Row gutter={[16, 16]} data-testid="bucket-summary">
        {summary.data?.buckets.map((b) => (
          <Col key={b.bucket} xs={24} sm={12} lg={Math.floor(24 / 5)} flex="1">
            <Card size="small" title={<EnumTag group="bucket" value={b.bucket} />}>
              <Statistic title={t('overdue.loans')} value={b.loans} />
              <Typography.Text type="secondary">
                {t('overdue.owed')} {formatYuan(b.owed)}
              </Typography.Text>
              <br />
              <Typography.Text type="secondary">
                {t('overdue.charges')} {formatYuan(b.charges)}
              </Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
      {history.length > 0 && (
        <div style={{ marginTop: 16 }}>
          <Typography.Text strong>{t('overdue.trend')}</Typography.Text>
          <EChart
            label={t('overdue.trend')}
            height={260}
            option={{
              tooltip: { trigger: 'axis' },
              // Above the bars: at the bottom it sat on the dates.
              legend: { data: overdueBuckets, top: 0, right: 16 },
              grid: { left: 48, right: 16, top: 36, bottom: 28 },
              xAxis: { type: 'category', data: history.map((r) => r.businessDate) },
              yAxis: { type: 'value', minInterval: 1 },
              series: overdueBuckets.map((bucket) => ({
                name: bucket,
                type: 'bar',
                stack: 'loans',
                barMaxWidth: 48,
                itemStyle: { color: BUCKET_COLOURS[bucket] },
                data: history.map((r) => r.bucketCounts?.[bucket] ?? 0),
              })),
            }}
          />
        </div>
      )}
    </Card>
  );
}
