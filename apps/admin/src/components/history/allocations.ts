// A repayment's allocation, compactly: one line per period, its components in the order the
// engine allocated them — "第 1 期 罚息 ¥1.20 · 利息 ¥50.00 · 本金 ¥950.00".
import { enumLabel, type Translate } from '@/i18n';
import { yuan } from '@/lib/format';

export interface Allocation {
  /** Null: the collection's journal does not name periods (an early settlement's). */
  period: number | null;
  component: string;
  amount: string;
}

/** Allocations grouped by period (periods in first-seen order, components as allocated). */
export function allocationLines(t: Translate, allocations: readonly Allocation[]): string[] {
  const byPeriod = new Map<number | null, Allocation[]>();
  for (const a of allocations) byPeriod.set(a.period, [...(byPeriod.get(a.period) ?? []), a]);
  return [...byPeriod].map(
    ([period, parts]) =>
      `${period === null ? t('repayments.openPeriods') : t('repayments.period', { period })} ${parts
        .map((p) => `${enumLabel(t, 'component', p.component)} ${yuan(p.amount)}`)
        .join(' · ')}`,
  );
}
