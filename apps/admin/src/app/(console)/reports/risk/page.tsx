'use client';
// 报表 → 风险: overdue, buckets, roll rates and vintages.
import { Suspense } from 'react';
import { RiskDashboard } from '@/components/reports/risk-dashboard';

export default function RiskReportPage() {
  // Its filters are read from the address.
  return (
    <Suspense>
      <RiskDashboard />
    </Suspense>
  );
}
