'use client';
// 报表 → 通道分析: the channels dashboard.
import { Suspense } from 'react';
import { ChannelsDashboard } from '@/components/reports/channels-dashboard';

export default function ChannelsReportPage() {
  // Its filters are read from the address.
  return (
    <Suspense>
      <ChannelsDashboard />
    </Suspense>
  );
}
