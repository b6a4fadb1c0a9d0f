'use client';
// A loan's transfers, oldest cut-off first: from which funder to which, the principal moved and
// its price; a transfer opens with all of its loans.
import { useQuery } from '@tanstack/react-query';
import { Button, Table } from 'antd';
import { useState } from 'react';
import { StatusBadge } from '@/components/status';
import { useT } from '@/i18n';
import { shanghaiTime, yuan } from '@/lib/format';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';
import { TransferDrawer } from './transfer-drawer';
import { useFunderLabel } from './use-funder-label';

type Row = RouterOutputs['transfers']['ofLoan'][number];

const money = (v: string | null) => <span className="money">{yuan(v)}</span>;

export function LoanTransfersTable({ orderNo }: { orderNo: string }) {
  const t = useT();
  const trpc = useTRPC();
  const funder = useFunderLabel();
  const [detail, setDetail] = useState<string | null>(null);
  const list = useQuery(trpc.transfers.ofLoan.queryOptions({ orderNo }));
  return (
    <>
      <Table<Row>
        rowKey="transferId"
        size="small"
        aria-label={t('loanTabs.transfers')}
        data-testid="loan-transfers"
        loading={list.isLoading}
        dataSource={list.data}
        locale={{ emptyText: t('transfers.loanEmpty') }}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: 1000 }}
        columns={[
          {
            title: t('transfers.id'),
            dataIndex: 'transferId',
            render: (v: string) => (
              <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setDetail(v)}>
                {v}
              </Button>
            ),
          },
          {
            title: t('transfers.fromFunder'),
            dataIndex: 'fromFunderCode',
            render: (v: string) => funder(v),
          },
          {
            title: t('transfers.toFunder'),
            dataIndex: 'toFunderCode',
            render: (v: string) => funder(v),
          },
          { title: t('transfers.cutoffDate'), dataIndex: 'cutoffDate' },
          {
            title: t('transfers.status'),
            dataIndex: 'status',
            render: (v: string) => <StatusBadge group="transferStatus" value={v} />,
          },
          {
            title: t('transfers.principal'),
            dataIndex: 'principal',
            align: 'right',
            render: money,
          },
          { title: t('transfers.price'), dataIndex: 'price', align: 'right', render: money },
          { title: t('transfers.completedAt'), dataIndex: 'completedAt', render: shanghaiTime },
        ]}
      />
      <TransferDrawer id={detail} onClose={() => setDetail(null)} />
    </>
  );
}
