'use client';
// 划付批次: what each funder is remitted per business date, and what is left to pay.
import { BatchesList } from '@/components/remittance/batches-list';

export default function BatchesPage() {
  return <BatchesList />;
}
