// The engine's window verdict (reason code and figures) in the console's words.
import { enumLabel, type MessageKey, type Translate } from '@/i18n';
import { formatYuan } from '@/lib/format';

export interface Verdict {
  eligible: boolean;
  reason: string;
  params: Record<string, unknown>;
}

const text = (v: unknown) =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
const money = (v: unknown) => (typeof v === 'string' ? formatYuan(v) : text(v));

export function verdictText(t: Translate, v: Verdict): string {
  const p = v.params;
  if (v.reason === 'paused' && p.pausedUntil === null) return t('eligibility.reason.pausedOpen');
  const vars: Record<string, string> = {};
  for (const [k, value] of Object.entries(p))
    vars[k] = Array.isArray(value)
      ? value.join('、')
      : k === 'amount' || k === 'outstanding' || k === 'minAmount'
        ? money(value)
        : text(value);
  if (v.reason === 'debited') vars.status = enumLabel(t, 'debitStatus', text(p.status));
  const key = `eligibility.reason.${v.reason}` as MessageKey;
  const worded = t(key, vars);
  return worded === key ? v.reason : worded;
}
