'use client';
// 还款记录: the money in on every loan (finance, admin, auditors).
import { Suspense } from 'react';
import { RepaymentsList } from '@/components/ledger/repayments-list';

export default function RepaymentsPage() {
  // The list's filters live in the address (a search can be shared and saved as a view).
  return (
    <Suspense>
      <RepaymentsList />
    </Suspense>
  );
}
