'use client';
// 通道配置历史: every change to a channel.
import { Suspense } from 'react';
import { ChannelHistoryList } from '@/components/ledger/channel-history-list';

export default function ChannelHistoryPage() {
  // The list's filters live in the address (a search can be shared and saved as a view).
  return (
    <Suspense>
      <ChannelHistoryList />
    </Suspense>
  );
}
