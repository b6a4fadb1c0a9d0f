'use client';
// Per funder: the ledger's principal receivable next to the outstanding principal of the loans
// it owns (and how many are active). After transfers the two must still agree; a difference is
// shown in red with its amount.
import { useQuery } from '@tanstack/react-query';
import { Tag, Typography } from 'antd';
import { DataTable, Money, TitledCard } from '@/components/kit';
import { useT } from '@/i18n';
import { yuan } from '@/lib/format';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';
import { receivableGap } from './receivable-gap';

type Row = RouterOutputs['transfers']['receivables'][number];

export function ReceivablesCard() {
  const t = useT();
  const trpc = useTRPC();
  const list = useQuery(trpc.transfers.receivables.queryOptions());
  const gapOf = (r: Row) => receivableGap(r.ledgerReceivable, r.outstandingPrincipal);
  return (
    <TitledCard
      level={2}
      heading={t('transfers.receivables')}
      extra={<Typography.Text type="secondary">{t('transfers.receivablesHelp')}</Typography.Text>}
    >
      <DataTable<Row>
        rowKey="funderCode"
        size="small"
        aria-label={t('transfers.receivables')}
        data-testid="transfer-receivables"
        loading={list.isLoading}
        dataSource={list.data}
        scroll={{ x: 800 }}
        columns={[
          {
            title: t('transfers.funder'),
            dataIndex: 'funderCode',
            render: (code: string, r) => `${r.funderName} (${code})`,
          },
          {
            title: t('transfers.ledgerReceivable'),
            dataIndex: 'ledgerReceivable',
            align: 'right',
            render: (v: string, r) => <Money value={v} danger={gapOf(r) !== null} />,
          },
          {
            title: t('transfers.outstandingPrincipal'),
            dataIndex: 'outstandingPrincipal',
            align: 'right',
            render: (v: string, r) => <Money value={v} danger={gapOf(r) !== null} />,
          },
          { title: t('transfers.activeLoans'), dataIndex: 'activeLoans', align: 'right' },
          {
            title: t('transfers.check'),
            key: 'check',
            render: (_: unknown, r) => {
              const gap = gapOf(r);
              return gap === null ? (
                <Tag color="green">{t('transfers.matched')}</Tag>
              ) : (
                <Tag color="red">{t('transfers.mismatch', { diff: yuan(gap) })}</Tag>
              );
            },
          },
        ]}
      />
    </TitledCard>
  );
}
