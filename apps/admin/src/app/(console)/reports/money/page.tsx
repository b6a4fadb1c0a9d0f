'use client';
// 报表 → 资金: collections, charges, waivers, refunds, remittances and suspense per funder.
import { Suspense } from 'react';
import { MoneyDashboard } from '@/components/reports/money-dashboard';

export default function MoneyReportPage() {
  // Its filters are read from the address.
  return (
    <Suspense>
      <MoneyDashboard />
    </Suspense>
  );
}
