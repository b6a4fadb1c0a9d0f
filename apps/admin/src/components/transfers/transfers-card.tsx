'use client';
// The transfers, newest first (50 at a time), by status and receiving funder; a row opens its loans. Finance
// and admin start a new one from here (and see it open once the engine took it), and approve or
// reject those an API key backdated beyond the limit.
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { Button, Select, Space, type TableColumnsType } from 'antd';
import { useState } from 'react';
import {
  DecisionLinks,
  KeysetTable,
  nextCursorPaging,
  TitledCard,
  useColumns,
} from '@/components/kit';
import { enumLabel, useT } from '@/i18n';
import { useReferenceOptions } from '@/lib/options';
import { useCan } from '@/lib/session';
import { useTRPC, type RouterInputs, type RouterOutputs } from '@/lib/trpc';
import { CreateTransferDrawer } from './create-transfer-drawer';
import { useTransferColumns } from './transfer-columns';
import { TransferDecisionModal, type TransferDecision } from './transfer-decision-modal';
import { TransferDrawer } from './transfer-drawer';

type Row = RouterOutputs['transfers']['list']['items'][number];
type Status = NonNullable<RouterInputs['transfers']['list']['status']>;
const STATUSES: Status[] = ['pending_approval', 'scheduled', 'completed', 'rejected'];

export function TransfersCard() {
  const t = useT();
  const trpc = useTRPC();
  const canWrite = useCan('transfers.write');
  const canDecide = useCan('transfers.approve');
  const [decision, setDecision] = useState<TransferDecision | null>(null);
  const reference = useReferenceOptions();
  const [status, setStatus] = useState<Status | undefined>();
  const [funderCode, setFunderCode] = useState<string | undefined>();
  const [detail, setDetail] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const list = useInfiniteQuery({
    ...trpc.transfers.list.infiniteQueryOptions(
      { status, funderCode, limit: 50 },
      nextCursorPaging,
    ),
    placeholderData: keepPreviousData,
  });
  const transfer = useTransferColumns<Row>();
  const col = useColumns<Row>();

  const columns: TableColumnsType<Row> = [
    transfer.id(setDetail),
    transfer.status,
    {
      title: t('transfers.toFunder'),
      dataIndex: 'toFunderCode',
      render: (code: string, r) => `${r.toFunderName} (${code})`,
    },
    col.text('transfers.cutoffDate', 'cutoffDate'),
    col.text('transfers.priceRatio', 'priceRatio', { align: 'right' }),
    col.count('transfers.loanCount', 'loanCount'),
    col.text('transfers.createdBy', 'createdBy'),
    col.time('transfers.createdAt', 'createdAt'),
    transfer.completedAt,
  ];
  if (canDecide)
    columns.push(
      col.actions(
        (r) =>
          r.status === 'pending_approval' && (
            <span onClick={(e) => e.stopPropagation()}>
              <DecisionLinks
                approveLabel={t('transfers.approve')}
                rejectLabel={t('transfers.reject')}
                onDecide={(approve) =>
                  setDecision({ transferId: r.transferId, cutoffDate: r.cutoffDate, approve })
                }
              />
            </span>
          ),
        { fixed: 'right' },
      ),
    );

  return (
    <TitledCard
      heading={t('transfers.list')}
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
      <KeysetTable<Row>
        list={list}
        rowKey="transferId"
        size="middle"
        aria-label={t('transfers.list')}
        data-testid="transfers"
        empty={t('transfers.empty')}
        scroll={{ x: 1300 }}
        rowClassName="clickable-row"
        onRow={(r) => ({ onClick: () => setDetail(r.transferId) })}
        columns={columns}
      />
      <TransferDrawer id={detail} onClose={() => setDetail(null)} />
      <TransferDecisionModal decision={decision} onClose={() => setDecision(null)} />
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
    </TitledCard>
  );
}
