'use client';
// A loan's transfers, oldest cut-off first: from which funder to which, the principal moved and
// its price; a transfer opens with all of its loans.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { DataTable } from '@/components/kit';
import { useT } from '@/i18n';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';
import { useTransferColumns } from './transfer-columns';
import { TransferDrawer } from './transfer-drawer';

type Row = RouterOutputs['transfers']['ofLoan'][number];

export function LoanTransfersTable({ orderNo }: { orderNo: string }) {
  const t = useT();
  const trpc = useTRPC();
  const col = useTransferColumns<Row>();
  const [detail, setDetail] = useState<string | null>(null);
  const list = useQuery(trpc.transfers.ofLoan.queryOptions({ orderNo }));
  return (
    <>
      <DataTable<Row>
        rowKey="transferId"
        size="small"
        aria-label={t('loanTabs.transfers')}
        data-testid="loan-transfers"
        loading={list.isLoading}
        dataSource={list.data}
        empty={t('transfers.loanEmpty')}
        pageSize={10}
        scroll={{ x: 1000 }}
        columns={[
          col.id(setDetail),
          col.fromFunder,
          col.toFunder,
          { title: t('transfers.cutoffDate'), dataIndex: 'cutoffDate' },
          col.status,
          col.principal,
          col.price,
          col.completedAt,
        ]}
      />
      <TransferDrawer id={detail} onClose={() => setDetail(null)} />
    </>
  );
}
