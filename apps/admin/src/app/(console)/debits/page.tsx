'use client';
// 代扣: window runs with live progress, debit orders with filters, and the manual review queue
// (with the resolutions above the approval limit that wait for a second finance user).
import { Space, Tabs } from 'antd';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useMemo } from 'react';
import { orderFiltersOf } from '@/components/debits/order-filters';
import { searchOf } from '@/components/reports/report-filters';
import { OrdersTable } from '@/components/debits/orders-table';
import { ResolutionsQueue } from '@/components/debits/resolutions-queue';
import { RunsTable } from '@/components/debits/runs-table';
import { useT } from '@/i18n';

export default function DebitsPage() {
  // A report's drill-down opens the orders tab with its filters (the address).
  return (
    <Suspense>
      <DebitsTabs />
    </Suspense>
  );
}

function DebitsTabs() {
  const t = useT();
  const search = useSearchParams();
  const query = search.toString();
  const router = useRouter();
  const pathname = usePathname();
  const initial = useMemo(() => orderFiltersOf(new URLSearchParams(query)), [query]);
  return (
    <Tabs
      key={query}
      defaultActiveKey={search.get('tab') === 'orders' ? 'orders' : 'runs'}
      destroyOnHidden
      items={[
        { key: 'runs', label: t('debits.tabRuns'), children: <RunsTable /> },
        {
          key: 'orders',
          label: t('debits.tabOrders'),
          children: (
            <OrdersTable
              initial={initial}
              onFilters={(f) => router.replace(`${pathname}?${searchOf({ tab: 'orders', ...f })}`)}
            />
          ),
        },
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
