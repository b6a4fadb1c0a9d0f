'use client';
// 还款记录: the money in on every loan (finance, admin, auditors).
import { RepaymentsList } from '@/components/ledger/repayments-list';

export default function RepaymentsPage() {
  return <RepaymentsList />;
}
