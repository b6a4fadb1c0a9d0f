'use client';
// 资金方账户: where each funder's remittances are paid (masked), by funder; positions.manage adds
// one, makes one the default or disables one.
import { useQuery } from '@tanstack/react-query';
import { Button, Popconfirm, Select, Space, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { DataTable, TitledCard, useColumns } from '@/components/kit';
import { useT } from '@/i18n';
import { useReferenceOptions } from '@/lib/options';
import { useCan } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';
import { AddFunderAccountAction } from './add-funder-account-action';
import { useFunderAccountColumns, type FunderAccount } from './funder-account-columns';
import { useSetFunderAccount } from './use-set-funder-account';

export function FunderAccountsList() {
  const t = useT();
  const trpc = useTRPC();
  const col = useColumns<FunderAccount>();
  const canManage = useCan('positions.manage');
  const { funders } = useReferenceOptions();
  const [funderCode, setFunderCode] = useState<string | undefined>();
  const list = useQuery(trpc.payouts.funderAccounts.queryOptions({ funderCode }));
  const set = useSetFunderAccount();
  const columns: TableColumnsType<FunderAccount> = [...useFunderAccountColumns()];
  if (canManage)
    columns.push(
      col.actions(
        (a) =>
          a.status === 'active' && (
            <Space>
              {!a.isDefault && (
                <Button size="small" type="link" onClick={() => set(a.id, 'make_default')}>
                  {t('funderAccounts.makeDefault')}
                </Button>
              )}
              <Popconfirm
                title={t('funderAccounts.disableConfirm')}
                onConfirm={() => set(a.id, 'disable')}
              >
                <Button size="small" type="link" danger>
                  {t('funderAccounts.disable')}
                </Button>
              </Popconfirm>
            </Space>
          ),
        { fixed: 'right' },
      ),
    );
  return (
    <TitledCard
      heading={t('funderAccounts.title')}
      extra={
        <Space wrap>
          <Select
            allowClear
            placeholder={t('funderAccounts.funder')}
            aria-label={t('funderAccounts.funder')}
            options={funders}
            value={funderCode}
            onChange={setFunderCode}
            style={{ width: 200 }}
          />
          {canManage && <AddFunderAccountAction />}
        </Space>
      }
    >
      <DataTable<FunderAccount>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data}
        empty={t('funderAccounts.empty')}
        scroll={{ x: 1000 }}
        columns={columns}
      />
    </TitledCard>
  );
}
