'use client';
// 代付订单: every payout order, what it waits for, and the manual review of unknown answers.
import { Suspense } from 'react';
import { PayoutsList } from '@/components/payouts/payouts-list';

export default function PayoutsPage() {
  // The list reads a batch filter from the address (a link from the remittance batches).
  return (
    <Suspense>
      <PayoutsList />
    </Suspense>
  );
}
