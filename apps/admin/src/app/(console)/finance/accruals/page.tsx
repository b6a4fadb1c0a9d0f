'use client';
// 罚息计提: every loan's overdue fee accruals.
import { AccrualsList } from '@/components/ledger/accruals-list';

export default function AccrualsPage() {
  return <AccrualsList />;
}
