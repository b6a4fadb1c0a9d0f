'use client';
// Enumerations the console offers in selects (the domain vocabulary of @repay/rules), and reference options.
import { useQuery } from '@tanstack/react-query';
import { enumLabel, useT } from '@/i18n';
import { useTRPC } from './trpc';

export {
  ACTIVE_STATUSES as refStatuses,
  BUSINESS_LINES as businessLines,
  DAY_COUNTS as dayCounts,
  FUNDER_TYPES as funderTypes,
  LOAN_STATUSES as loanStatuses,
  REPAYMENT_METHODS as repaymentMethods,
} from '@repay/rules/vocabulary';

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
