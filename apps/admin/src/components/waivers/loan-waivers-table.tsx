'use client';
// A loan's waivers, newest first, with their status (applied, waiting for approval, rejected).
import { useQuery } from '@tanstack/react-query';
import { DataTable } from '@/components/kit';
import { useT } from '@/i18n';
import { useTRPC } from '@/lib/trpc';
import { useWaiverColumns, type Waiver } from './waiver-columns';

export function LoanWaiversTable({ orderNo }: { orderNo: string }) {
  const t = useT();
  const trpc = useTRPC();
  const columns = useWaiverColumns();
  const list = useQuery(trpc.loans.waivers.queryOptions({ orderNo, limit: 200 }));
  return (
    <DataTable<Waiver>
      rowKey="waiverId"
      size="small"
      aria-label={t('waivers.loanCard')}
      data-testid="loan-waivers"
      loading={list.isLoading}
      dataSource={list.data?.items}
      empty={t('waivers.empty')}
      pageSize={10}
      scroll={{ x: 1100 }}
      columns={columns}
    />
  );
}
