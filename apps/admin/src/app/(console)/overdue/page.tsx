'use client';
// 逾期管理: buckets now (loans, overdue principal and interest, penalties and fees), their
// history after each daily accrual, the accrual runs (finance may accrue a date by hand), and
// the overdue loans of a bucket.
import { Space } from 'antd';
import { Suspense } from 'react';
import { AccrualRunsCard } from '@/components/overdue/accrual-runs-card';
import { BucketSummary } from '@/components/overdue/bucket-summary';
import { OverdueLoansCard } from '@/components/overdue/overdue-loans-card';

export default function OverduePage() {
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <BucketSummary />
      <Suspense>
        <OverdueLoansCard />
      </Suspense>
      <AccrualRunsCard />
    </Space>
  );
}
