'use client';
// 账务流水: the ledger's lines and their journals (finance, admin, auditors).
import { LedgerList } from '@/components/ledger/ledger-list';

export default function LedgerPage() {
  return <LedgerList />;
}
