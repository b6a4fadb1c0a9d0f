'use client';
// 通道配置历史: every change to a channel.
import { ChannelHistoryList } from '@/components/ledger/channel-history-list';

export default function ChannelHistoryPage() {
  return <ChannelHistoryList />;
}
