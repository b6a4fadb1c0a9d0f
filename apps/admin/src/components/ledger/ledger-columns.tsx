'use client';
// A ledger line's columns: when it counts, the journal's kind, the account, funder and loan, and
// the amount on the debit (借) or credit (贷) side.
import type { TableColumnsType } from 'antd';
import { useColumns } from '@/components/kit';
import type { RouterOutputs } from '@/lib/trpc';

export type LedgerLine = RouterOutputs['ledger']['entries']['items'][number];

export function useLedgerColumns(): TableColumnsType<LedgerLine> {
  const col = useColumns<LedgerLine>();
  return [
    col.text('ledger.effectiveDate', 'effectiveDate', { width: 110 }),
    col.code('ledger.kind', 'kind', { width: 170 }),
    col.code('ledger.account', 'accountCode', { width: 260 }),
    col.optional('ledger.funder', 'funderCode', { width: 120 }),
    col.loan('ledger.orderNo', 'orderNo', 'repayments', { width: 150 }),
    col.optional('ledger.period', 'period', { width: 70 }),
    col.money('ledger.debit', 'debit', { width: 140 }),
    col.money('ledger.credit', 'credit', { width: 140 }),
    col.time('ledger.postedAt', 'at', { width: 170 }),
  ];
}
