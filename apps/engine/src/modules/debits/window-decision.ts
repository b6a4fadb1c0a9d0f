// The window's decision about one installment: the rule that governs its loan at an instant,
// then that rule's verdict (`windowVerdict`, @repay/rules). The run, the eligibility verdict on
// the loan page and the forecast all decide through this one function.
import { windowVerdict, type WindowVerdict } from '@repay/rules';
import type { ResolvedRule, RuleSnapshot } from '../rules';
import type { DebitCandidate } from './debits.types';

export type WindowDecision =
  | { resolved: ResolvedRule<'window'>; verdict: WindowVerdict }
  | { resolved: null; verdict: { eligible: false; reason: 'no_window_rule' } };

type Decided = Pick<
  DebitCandidate,
  | 'businessLine'
  | 'funderCode'
  | 'productCode'
  | 'orderNo'
  | 'dueDate'
  | 'loanActive'
  | 'pausedUntil'
  | 'outstandingFen'
  | 'attemptsToday'
  | 'insufficientToday'
> & { bankCode: string | null };

export function windowDecision(
  snapshot: RuleSnapshot<'window'>,
  at: Date,
  c: Decided,
  date: string,
  slot: string | null,
): WindowDecision {
  const resolved = snapshot(
    {
      businessLine: c.businessLine,
      funderCode: c.funderCode,
      productCode: c.productCode,
      loanKey: c.orderNo,
    },
    at,
  );
  if (!resolved) return { resolved: null, verdict: { eligible: false, reason: 'no_window_rule' } };
  return { resolved, verdict: windowVerdict(resolved.rule, c, date, slot) };
}

/** The instant a slot of a business date starts (Asia/Shanghai): when its run resolves rules. */
export const slotInstant = (date: string, slot: string) => new Date(`${date}T${slot}:00+08:00`);
