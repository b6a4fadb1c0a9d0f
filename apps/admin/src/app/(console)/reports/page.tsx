'use client';
// 报表 → 代扣回款: the collections dashboard.
import { Suspense } from 'react';
import { CollectionsDashboard } from '@/components/reports/collections-dashboard';

export default function CollectionsReportPage() {
  // Its filters are read from the address.
  return (
    <Suspense>
      <CollectionsDashboard />
    </Suspense>
  );
}
