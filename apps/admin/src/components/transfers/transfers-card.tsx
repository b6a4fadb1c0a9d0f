'use client';
// The transfers, newest first (50 at a time), by status and receiving funder; a row opens its loans. Finance
// and admin start a new one from here (and see it open once the engine took it).
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { Button, Card, Select, Space, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { StatusBadge } from '@/components/status';
import { LoadMore } from '@/components/load-more';
import { enumLabel, useT } from '@/i18n';
import { formatCount, shanghaiTime } from '@/lib/format';
import { useReferenceOptions } from '@/lib/options';
import { useCan } from '@/lib/session';
import { useTRPC, type RouterInputs, type RouterOutputs } from '@/lib/trpc';
import { CreateTransferDrawer } from './create-transfer-drawer';
import { TransferDrawer } from './transfer-drawer';

type Row = RouterOutputs['transfers']['list']['items'][number];
type Status = NonNullable<RouterInputs['transfers']['list']['status']>;
const STATUSES: Status[] = ['scheduled', 'completed'];

export function TransfersCard() {
  const t = useT();
  const trpc = useTRPC();
  const canWrite = useCan('transfers.write');
  const reference = useReferenceOptions();
  const [status, setStatus] = useState<Status | undefined>();
  const [funderCode, setFunderCode] = useState<string | undefined>();
  const [detail, setDetail] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const list = useInfiniteQuery({
    ...trpc.transfers.list.infiniteQueryOptions(
      { status, funderCode, limit: 50 },
      { getNextPageParam: (last) => last.nextCursor },
    ),
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  const columns: TableColumnsType<Row> = [
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
      title: t('transfers.status'),
      dataIndex: 'status',
      render: (v: string) => <StatusBadge group="transferStatus" value={v} />,
    },
    {
      title: t('transfers.toFunder'),
      dataIndex: 'toFunderCode',
      render: (code: string, r) => `${r.toFunderName} (${code})`,
    },
    { title: t('transfers.cutoffDate'), dataIndex: 'cutoffDate' },
    { title: t('transfers.priceRatio'), dataIndex: 'priceRatio', align: 'right' },
    {
      title: t('transfers.loanCount'),
      dataIndex: 'loanCount',
      align: 'right',
      render: (v: number) => formatCount(v),
    },
    { title: t('transfers.createdBy'), dataIndex: 'createdBy' },
    { title: t('transfers.createdAt'), dataIndex: 'createdAt', render: shanghaiTime },
    { title: t('transfers.completedAt'), dataIndex: 'completedAt', render: shanghaiTime },
  ];

  return (
    <Card
      title={<h1 className="page-title">{t('transfers.list')}</h1>}
      extra={
        <Space wrap>
          <Select<Status>
            allowClear
            placeholder={t('transfers.status')}
            aria-label={t('transfers.status')}
            value={status}
            onChange={setStatus}
            options={STATUSES.map((s) => ({ value: s, label: enumLabel(t, 'transferStatus', s) }))}
            style={{ width: 140 }}
          />
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('transfers.toFunder')}
            aria-label={t('transfers.toFunder')}
            value={funderCode}
            onChange={setFunderCode}
            options={reference.funders}
            style={{ width: 220 }}
          />
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('transfers.create')}
            </Button>
          )}
        </Space>
      }
    >
      <Table<Row>
        rowKey="transferId"
        size="middle"
        aria-label={t('transfers.list')}
        data-testid="transfers"
        loading={list.isFetching && !list.isFetchingNextPage}
        dataSource={rows}
        locale={{ emptyText: t('transfers.empty') }}
        pagination={false}
        scroll={{ x: 1300 }}
        rowClassName="clickable-row"
        onRow={(r) => ({ onClick: () => setDetail(r.transferId) })}
        columns={columns}
      />
      <LoadMore {...list} />
      <TransferDrawer id={detail} onClose={() => setDetail(null)} />
      {canWrite && (
        <CreateTransferDrawer
          open={creating}
          onClose={() => setCreating(false)}
          onCreated={(transfer) => {
            setCreating(false);
            setDetail(transfer.transferId);
          }}
        />
      )}
    </Card>
  );
}
