// Allocation rules: the waterfall order of components, oldest installment first,
// whether a partial payment is accepted.
import { z } from 'zod';

import type { RuleIssue } from '../rule-issue';

export const COMPONENTS = ['penalty', 'fee', 'interest', 'principal'] as const;
export type Component = (typeof COMPONENTS)[number];

export const allocationRuleSchema = z.strictObject({
  order: z.array(z.enum(COMPONENTS)).length(COMPONENTS.length),
  /** Oldest installment first (true), or each component across installments first (false). */
  oldestFirst: z.boolean(),
  allowPartial: z.boolean(),
});
export type AllocationRule = z.infer<typeof allocationRuleSchema>;

export function checkAllocationRule(rule: AllocationRule): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const seen = new Set<string>();
  rule.order.forEach((c, i) => {
    if (seen.has(c))
      issues.push({
        path: ['order', i],
        message: `${c} appears twice in the waterfall`,
        code: 'duplicate_component',
        params: { component: c },
      });
    seen.add(c);
  });
  return issues;
}

export interface OpenInstallment {
  id: string;
  dueDate: string;
  seq: number;
  outstanding: Record<Component, bigint>;
}
export interface Allocation {
  installmentId: string;
  component: Component;
  amountFen: bigint;
}

/**
 * Split `amountFen` over open installments by the waterfall. Returns the allocations and
 * what is left over (for the caller to refuse or hold in suspense).
 */
export function allocate(
  rule: AllocationRule,
  installments: readonly OpenInstallment[],
  amountFen: bigint,
): { allocations: Allocation[]; remainderFen: bigint } {
  const sorted = [...installments].sort(
    (a, b) => a.dueDate.localeCompare(b.dueDate) || a.seq - b.seq,
  );
  const allocations: Allocation[] = [];
  let left = amountFen;
  const take = (inst: OpenInstallment, component: Component) => {
    const due = inst.outstanding[component];
    if (left <= 0n || due <= 0n) return;
    const paid = due < left ? due : left;
    allocations.push({ installmentId: inst.id, component, amountFen: paid });
    left -= paid;
  };
  if (rule.oldestFirst) {
    for (const inst of sorted) for (const component of rule.order) take(inst, component);
  } else {
    for (const component of rule.order) for (const inst of sorted) take(inst, component);
  }
  return { allocations, remainderFen: left };
}
