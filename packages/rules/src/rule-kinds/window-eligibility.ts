// Which installment a deduction window debits, and for how much (docs/domain.md). Pure:
// the batch run and the rule simulator ask the same question the same way.
import { compileConditions, type Predicate } from '../conditions/compile';
import { daysBetween } from '../dates';
import { yuanToFen } from '../money';
import { amountToRequest, isDeductionDay, type WindowRule } from './window';

export interface WindowCandidate {
  businessLine: string;
  funderCode: string;
  productCode: string;
  dueDate: string;
  loanActive: boolean;
  /** Paused until this date (inclusive), or null. */
  pausedUntil: string | null;
  outstandingFen: bigint;
  bankCode: string | null;
  /** Debit orders of this installment already made on the business date. */
  attemptsToday: number;
  /** Of those, how many failed for insufficient funds (step-down). */
  insufficientToday: number;
}

export type WindowExclusion =
  | 'not_a_deduction_day'
  | 'not_a_slot'
  | 'not_due_yet'
  | 'due_today_excluded'
  | 'too_overdue'
  | 'loan_inactive'
  | 'paused'
  | 'attempts_exhausted'
  | 'below_min_amount'
  | 'conditions';

export type WindowVerdict =
  | { eligible: true; amountFen: bigint; overdueDays: number }
  | { eligible: false; reason: WindowExclusion };

const compiled = new WeakMap<WindowRule, Predicate>();
const conditionsOf = (rule: WindowRule) => {
  let p = compiled.get(rule);
  if (!p) {
    p = compileConditions(rule.conditions);
    compiled.set(rule, p);
  }
  return p;
};

const minimums = new WeakMap<WindowRule, bigint>();
const minimumOf = (rule: WindowRule) => {
  let fen = minimums.get(rule);
  if (fen === undefined) {
    fen = yuanToFen(rule.eligibility.minAmount);
    minimums.set(rule, fen);
  }
  return fen;
};

/**
 * The verdict for one installment on `date`. `slot` is the window's start time ('HH:MM'), or
 * null to ask about the day as a whole (the simulator).
 */
export function windowVerdict(
  rule: WindowRule,
  c: WindowCandidate,
  date: string,
  slot: string | null,
): WindowVerdict {
  if (!isDeductionDay(rule, date)) return { eligible: false, reason: 'not_a_deduction_day' };
  if (slot !== null && !rule.slots.some((s) => s.start === slot))
    return { eligible: false, reason: 'not_a_slot' };
  const overdueDays = daysBetween(c.dueDate, date);
  if (overdueDays < 0) return { eligible: false, reason: 'not_due_yet' };
  if (overdueDays === 0 && !rule.eligibility.dueToday)
    return { eligible: false, reason: 'due_today_excluded' };
  if (overdueDays > rule.eligibility.overdueUpToDays)
    return { eligible: false, reason: 'too_overdue' };
  if (!c.loanActive) return { eligible: false, reason: 'loan_inactive' };
  if (rule.eligibility.skipPaused && c.pausedUntil !== null && c.pausedUntil >= date)
    return { eligible: false, reason: 'paused' };
  if (c.attemptsToday >= rule.eligibility.maxAttemptsPerDay)
    return { eligible: false, reason: 'attempts_exhausted' };
  if (c.outstandingFen < minimumOf(rule) || c.outstandingFen <= 0n)
    return { eligible: false, reason: 'below_min_amount' };
  const facts = {
    businessLine: c.businessLine,
    funderCode: c.funderCode,
    productCode: c.productCode,
    overdueDays,
    amountDueFen: Number(c.outstandingFen),
    bankCode: c.bankCode ?? '',
  };
  if (!conditionsOf(rule)(facts)) return { eligible: false, reason: 'conditions' };
  const amountFen = amountToRequest(rule, c.outstandingFen, c.insufficientToday);
  if (amountFen <= 0n) return { eligible: false, reason: 'below_min_amount' };
  return { eligible: true, amountFen, overdueDays };
}
