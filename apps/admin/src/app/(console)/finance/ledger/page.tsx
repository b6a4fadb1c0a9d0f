'use client';
// 账务流水: the ledger's lines and their journals (finance, admin, auditors).
import { Suspense } from 'react';
import { LedgerList } from '@/components/ledger/ledger-list';

export default function LedgerPage() {
  // The list's filters live in the address (a search can be shared and saved as a view).
  return (
    <Suspense>
      <LedgerList />
    </Suspense>
  );
}
