'use client';
// Enumerations the console offers in selects (the engine's zod enums), and reference options.
import { useQuery } from '@tanstack/react-query';
import { enumLabel, useT } from '@/i18n';
import { useTRPC } from './trpc';

export const businessLines = ['consumer', 'lease', 'supply_chain'] as const;
export const loanStatuses = ['active', 'settled', 'written_off'] as const;
export const repaymentMethods = [
  'equal_installment',
  'equal_principal',
  'interest_first',
  'bullet',
  'lease_rent',
] as const;
export const dayCounts = ['30/360', 'actual/365', 'actual/360'] as const;
export const funderTypes = ['bank', 'trust', 'self', 'other'] as const;
export const refStatuses = ['active', 'inactive'] as const;

/** Funder and product codes, as the engine validates them. */
export const CODE_PATTERN = /^[A-Z0-9-]{2,32}$/;
export const NAME_MAX = 100;

export function useEnumOptions<V extends string>(group: string, values: readonly V[]) {
  const t = useT();
  return values.map((value) => ({ value, label: enumLabel(t, group, value) }));
}

export function useReferenceOptions() {
  const trpc = useTRPC();
  const funders = useQuery(trpc.funders.list.queryOptions());
  const products = useQuery(trpc.products.list.queryOptions());
  return {
    funders: (funders.data ?? []).map((f) => ({ value: f.code, label: `${f.name} (${f.code})` })),
    products: (products.data ?? []).map((p) => ({ value: p.code, label: `${p.name} (${p.code})` })),
  };
}
