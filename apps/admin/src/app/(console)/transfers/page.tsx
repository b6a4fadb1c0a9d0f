'use client';
// 资产转让: the funders' receivables check on top (ledger vs the loans they own), then the
// transfers with their loans; finance and admin transfer loans to another funder.
import { Space } from 'antd';
import { ReceivablesCard } from '@/components/transfers/receivables-card';
import { TransfersCard } from '@/components/transfers/transfers-card';

export default function TransfersPage() {
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ReceivablesCard />
      <TransfersCard />
    </Space>
  );
}
