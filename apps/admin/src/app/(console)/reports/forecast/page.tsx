'use client';
// 报表 → 预测: the coming days' windows and accrual under the rules in force.
import { Suspense } from 'react';
import { ForecastDashboard } from '@/components/reports/forecast-dashboard';

export default function ForecastReportPage() {
  // Its filters are read from the address.
  return (
    <Suspense>
      <ForecastDashboard />
    </Suspense>
  );
}
