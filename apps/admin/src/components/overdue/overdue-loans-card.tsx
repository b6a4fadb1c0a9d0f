'use client';
// The overdue loans of a bucket (or all), oldest first by id, a page at a time; a row opens
// the loan.
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { Card, Segmented, Tag, type TableColumnsType } from 'antd';
import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { KeysetTable, LoanLink, nextCursorPaging, useColumns } from '@/components/kit';
import { useT } from '@/i18n';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type Row = RouterOutputs['overdue']['loans']['items'][number];
const BUCKETS = ['M1', 'M2', 'M3', 'M3+'] as const;

export function OverdueLoansCard() {
  const t = useT();
  const trpc = useTRPC();
  const col = useColumns<Row>();
  // A report's drill-down names the bucket in the address.
  const asked = useSearchParams().get('bucket');
  const [bucket, setBucket] = useState<(typeof BUCKETS)[number] | 'all'>(
    () => BUCKETS.find((b) => b === asked) ?? 'all',
  );
  const list = useInfiniteQuery({
    ...trpc.overdue.loans.infiniteQueryOptions(
      { bucket: bucket === 'all' ? undefined : bucket, limit: 50 },
      nextCursorPaging,
    ),
    placeholderData: keepPreviousData,
  });
  const columns: TableColumnsType<Row> = [
    {
      title: t('overdue.orderNo'),
      dataIndex: 'orderNo',
      render: (v: string, r) => (
        <>
          <LoanLink orderNo={v} />
          {r.paused && (
            <Tag style={{ marginLeft: 8 }} color="orange">
              {t('overdue.paused')}
            </Tag>
          )}
        </>
      ),
    },
    col.text('overdue.funder', 'funderCode'),
    col.tag('overdue.bucket', 'bucket', 'bucket'),
    col.text('overdue.since', 'overdueSince'),
    col.text('overdue.days', 'overdueDays', { align: 'right' }),
    col.money('overdue.owed', 'owed'),
    col.money('overdue.charges', 'charges'),
  ];
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
      <KeysetTable<Row>
        list={list}
        rowKey="id"
        size="middle"
        data-testid="overdue-loans"
        columns={columns}
      />
    </Card>
  );
}
