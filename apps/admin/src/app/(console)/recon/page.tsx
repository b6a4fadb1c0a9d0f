'use client';
// 对账总览: each channel's days, their statements and reconciliation outcomes.
import { ReconOverview } from '@/components/recon/recon-overview';

export default function ReconPage() {
  return <ReconOverview />;
}
