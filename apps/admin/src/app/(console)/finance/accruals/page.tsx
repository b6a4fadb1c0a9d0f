'use client';
// 罚息计提: every loan's overdue fee accruals.
import { Suspense } from 'react';
import { AccrualsList } from '@/components/ledger/accruals-list';

export default function AccrualsPage() {
  // The list's filters live in the address (a search can be shared and saved as a view).
  return (
    <Suspense>
      <AccrualsList />
    </Suspense>
  );
}
