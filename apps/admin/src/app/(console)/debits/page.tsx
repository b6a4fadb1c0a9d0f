'use client';
// 代扣: window runs with live progress, debit orders with filters, and the manual review queue
// (with the resolutions above the approval limit that wait for a second finance user).
import { Space, Tabs } from 'antd';
import { OrdersTable } from '@/components/debits/orders-table';
import { ResolutionsQueue } from '@/components/debits/resolutions-queue';
import { RunsTable } from '@/components/debits/runs-table';
import { useT } from '@/i18n';

export default function DebitsPage() {
  const t = useT();
  return (
    <Tabs
      defaultActiveKey="runs"
      destroyOnHidden
      items={[
        { key: 'runs', label: t('debits.tabRuns'), children: <RunsTable /> },
        { key: 'orders', label: t('debits.tabOrders'), children: <OrdersTable /> },
        {
          key: 'review',
          label: t('debits.tabReview'),
          children: (
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <ResolutionsQueue />
              <OrdersTable review />
            </Space>
          ),
        },
      ]}
    />
  );
}
