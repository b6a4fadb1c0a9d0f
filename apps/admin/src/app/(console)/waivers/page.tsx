'use client';
// 减免审批: the waivers above the approval limit wait here for a second user (finance, admin).
import { WaiversQueue } from '@/components/waivers/waivers-queue';

export default function WaiversPage() {
  return <WaiversQueue />;
}
