'use client';
// The overdue loans of a bucket (or all), oldest first by id, a page at a time; a row opens
// the loan.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Card, Segmented, Table, Tag } from 'antd';
import Link from 'next/link';
import { useState } from 'react';
import { EnumTag } from '@/components/status';
import { LoadMore } from '@/components/load-more';
import { useT } from '@/i18n';
import { yuan } from '@/lib/format';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type Row = RouterOutputs['overdue']['loans']['items'][number];
const BUCKETS = ['M1', 'M2', 'M3', 'M3+'] as const;

export function OverdueLoansCard() {
  const t = useT();
  const trpc = useTRPC();
  const [bucket, setBucket] = useState<(typeof BUCKETS)[number] | 'all'>('all');
  const pages = useInfiniteQuery(
    trpc.overdue.loans.infiniteQueryOptions(
      { bucket: bucket === 'all' ? undefined : bucket, limit: 50 },
      { getNextPageParam: (last) => last.nextCursor },
    ),
  );
  const rows = pages.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card
      title={t('overdue.list')}
      extra={
        <Segmented
          value={bucket}
          onChange={(v) => setBucket(v as typeof bucket)}
          options={[
            { label: t('overdue.allBuckets'), value: 'all' },
            ...BUCKETS.map((b) => ({ label: b, value: b })),
          ]}
        />
      }
    >
      <Table<Row>
        rowKey="id"
        size="middle"
        data-testid="overdue-loans"
        loading={pages.isLoading}
        dataSource={rows}
        pagination={false}
        columns={[
          {
            title: t('overdue.orderNo'),
            dataIndex: 'orderNo',
            render: (v: string, r) => (
              <>
                <Link href={`/loans/${encodeURIComponent(v)}`}>{v}</Link>
                {r.paused && (
                  <Tag style={{ marginLeft: 8 }} color="orange">
                    {t('overdue.paused')}
                  </Tag>
                )}
              </>
            ),
          },
          { title: t('overdue.funder'), dataIndex: 'funderCode' },
          {
            title: t('overdue.bucket'),
            dataIndex: 'bucket',
            render: (v: string) => <EnumTag group="bucket" value={v} />,
          },
          { title: t('overdue.since'), dataIndex: 'overdueSince' },
          { title: t('overdue.days'), dataIndex: 'overdueDays', align: 'right' },
          { title: t('overdue.owed'), dataIndex: 'owed', align: 'right', render: yuan },
          { title: t('overdue.charges'), dataIndex: 'charges', align: 'right', render: yuan },
        ]}
      />
      <LoadMore {...pages} />
    </Card>
  );
}
