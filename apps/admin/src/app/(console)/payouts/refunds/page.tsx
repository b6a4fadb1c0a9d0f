'use client';
// 退款审批: refunds to borrowers, asked for by one finance user and approved by another.
import { RefundsList } from '@/components/refunds/refunds-list';

export default function RefundsPage() {
  return <RefundsList />;
}
