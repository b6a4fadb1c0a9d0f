'use client';
// 差错处理: the differences reconciliation found, and what finance does with them.
import { Suspense } from 'react';
import { CasesList } from '@/components/recon/cases-list';

export default function ReconCasesPage() {
  // The list reads its first filters from the address (a link from the overview).
  return (
    <Suspense>
      <CasesList />
    </Suspense>
  );
}
