// How a plan version came about, in words: the engine's change JSON ({newTermMonths: 18},
// {shiftDays: 30}) and the reason code of the first version.
import type { Translate } from '@/i18n';

/** {newTermMonths: 18} → "期限改为 18 期"; {shiftDays: 30} → "顺延 30 天"; none → "—". */
export function describePlanChange(t: Translate, change: Record<string, number> | null): string {
  if (!change || Object.keys(change).length === 0) return '—';
  return Object.entries(change)
    .map(([key, value]) => {
      if (key === 'newTermMonths') return t('planVersions.changeTerm', { months: value });
      if (key === 'shiftDays') return t('planVersions.changeShift', { days: value });
      return `${key}: ${value}`;
    })
    .join('; ');
}

/** The reason of a version; the engine's "intake" (the plan the loan came with) is named. */
export function planReason(t: Translate, reason: string | null): string {
  if (!reason) return '—';
  return reason === 'intake' ? t('planVersions.intake') : reason;
}
