// Why a reconciliation case was opened, in the console's language: the engine's reason code
// worded by the dictionary (recon.reason.<code>) with its parameters, amounts as ¥ and statuses
// by their labels. A case opened before the engine stored codes, or with a code this console
// does not know yet, shows the engine's own words.
import { enumLabel, type MessageKey, type Translate } from '@/i18n';
import { formatYuan } from '@/lib/format';

export interface CaseReasonFields {
  reason: string;
  reasonCode: string | null;
  reasonParams: Record<string, string>;
}

/** Parameters that are amounts (yuan text) and those that are statuses (their enum group). */
const AMOUNTS = new Set(['theirAmount', 'ourAmount', 'theirFee', 'ruleFee']);
const STATUSES: Record<string, string> = {
  ourStatus: 'debitStatus',
  lineStatus: 'statementStatus',
};

export function caseReasonText(t: Translate, c: CaseReasonFields): string {
  if (c.reasonCode === null) return c.reason;
  const key = `recon.reason.${c.reasonCode}` as MessageKey;
  const vars = Object.fromEntries(
    Object.entries(c.reasonParams).map(([name, value]) => [
      name,
      AMOUNTS.has(name)
        ? formatYuan(value)
        : STATUSES[name]
          ? enumLabel(t, STATUSES[name], value)
          : value,
    ]),
  );
  const text = t(key, vars);
  return text === key ? c.reason : text;
}
