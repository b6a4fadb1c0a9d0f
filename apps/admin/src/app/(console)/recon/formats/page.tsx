'use client';
// 对账格式: statement layouts, their versions, and the editor with a live preview.
import { FormatsList } from '@/components/recon/formats-list';

export default function ReconFormatsPage() {
  return <FormatsList />;
}
