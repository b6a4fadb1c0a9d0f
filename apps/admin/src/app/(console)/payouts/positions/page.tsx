'use client';
// 头寸: the payout accounts' positions, the top-up alert, their history.
import { PositionsOverview } from '@/components/positions/positions-overview';

export default function PositionsPage() {
  return <PositionsOverview />;
}
