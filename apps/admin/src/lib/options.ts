'use client';
// Select options built from enum groups and reference data.
import { useQuery } from '@tanstack/react-query';
import { enumLabel, useI18n } from '@/i18n';
import { useTRPC } from './trpc';

export const businessLines = ['consumer', 'lease', 'supply_chain'] as const;
export const loanStatuses = ['active', 'settled', 'written_off'] as const;
export const repaymentMethods = ['equal_installment', 'equal_principal', 'interest_first', 'bullet', 'lease_rent'] as const;
export const dayCounts = ['30/360', 'actual/365', 'actual/360'] as const;
export const funderTypes = ['bank', 'trust', 'self', 'other'] as const;
export const refStatuses = ['active', 'inactive'] as const;

export function useEnumOptions(group: string, values: readonly string[]) {
  const { t } = useI18n();
  return values.map((value) => ({ value, label: enumLabel(t, group, value) }));
}

export function useReferenceOptions() {
  const trpc = useTRPC();
  const funders = useQuery(trpc.funders.list.queryOptions());
  const products = useQuery(trpc.products.list.queryOptions());
  return {
    funders: (funders.data ?? []).map((f) => ({ value: f.code, label: `${f.code} ${f.name}` })),
    products: (products.data ?? []).map((p) => ({ value: p.code, label: `${p.code} ${p.name}` })),
  };
}
