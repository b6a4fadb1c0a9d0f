'use client';
// 异常: channel answers kept instead of applied, late successes and overpayments to refund.
import { AnomaliesList } from '@/components/anomalies/anomalies-list';

export default function AnomaliesPage() {
  return <AnomaliesList />;
}
