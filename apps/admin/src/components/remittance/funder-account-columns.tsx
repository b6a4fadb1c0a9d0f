'use client';
// A funder settlement account's columns (number and name masked by the engine).
import type { TableColumnsType } from 'antd';
import { useColumns } from '@/components/kit';
import { useT } from '@/i18n';
import type { RouterOutputs } from '@/lib/trpc';

export type FunderAccount = RouterOutputs['payouts']['funderAccounts'][number];

export function useFunderAccountColumns(): TableColumnsType<FunderAccount> {
  const t = useT();
  const col = useColumns<FunderAccount>();
  return [
    col.code('funderAccounts.funder', 'funderCode'),
    col.enum('funderAccounts.bank', 'bankCode', 'bank'),
    col.text('funderAccounts.accountNo', 'accountNo'),
    col.text('funderAccounts.accountName', 'accountName'),
    col.text('funderAccounts.isDefault', 'isDefault', {
      render: (v: boolean) => t(v ? 'enum.yes' : 'enum.no'),
    }),
    col.status('funderAccounts.status', 'status', 'refStatus'),
    col.time('common.createdAt', 'createdAt'),
  ];
}
