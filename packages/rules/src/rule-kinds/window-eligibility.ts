// Which installment a deduction window debits, and for how much (docs/domain.md). Pure:
// the batch run and the rule simulator ask the same question the same way.
import { compileConditions, type Predicate } from '../conditions/compile';
import { daysBetween } from '../dates';
import { fenToYuan, yuanToFen } from '../money';
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

/**
 * What the window's selection asks of an installment before its rule (the run asks it in SQL,
 * over a million rows; an explanation reads the same conditions as facts): a card with an
 * active agreement and none suspended, and no debit of it in flight.
 */
export interface WindowSelectionFacts {
  /** The loan's card has an active agreement at some channel (false: no card bound). */
  agreementActive: boolean;
  /** An agreement of the card is suspended (a card failure): the card is not debited. */
  agreementSuspended: boolean;
  /** A debit of the installment is in flight (any channel, window or manual action). */
  inFlight: boolean;
}

export type WindowSelectionExclusion = 'no_card' | 'card_suspended' | 'in_flight';

/** The first selection condition an installment fails, or null when it passes them all. */
export function selectionExclusion(f: WindowSelectionFacts): WindowSelectionExclusion | null {
  if (!f.agreementActive) return 'no_card';
  if (f.agreementSuspended) return 'card_suspended';
  if (f.inFlight) return 'in_flight';
  return null;
}

/** The figures behind an exclusion, for the console to word ("60 days overdue, limit 30"). */
export type ExclusionParams = Record<string, string | number | boolean | string[] | null>;

export function exclusionParams(
  rule: WindowRule,
  c: WindowCandidate,
  date: string,
  reason: WindowExclusion,
): ExclusionParams {
  const e = rule.eligibility;
  switch (reason) {
    case 'not_a_deduction_day':
      return { date, mode: rule.days.mode };
    case 'not_a_slot':
      return { slots: rule.slots.map((s) => s.start) };
    case 'not_due_yet':
      return { dueDate: c.dueDate };
    case 'due_today_excluded':
      return { dueDate: c.dueDate };
    case 'too_overdue':
      return { overdueDays: daysBetween(c.dueDate, date), limit: e.overdueUpToDays };
    case 'loan_inactive':
      return {};
    case 'paused':
      return { pausedUntil: c.pausedUntil === '9999-12-31' ? null : c.pausedUntil };
    case 'attempts_exhausted':
      return { attempts: c.attemptsToday, limit: e.maxAttemptsPerDay };
    case 'below_min_amount':
      return {
        amount: fenToYuan(amountToRequest(rule, c.outstandingFen, c.insufficientToday)),
        outstanding: fenToYuan(c.outstandingFen),
        minAmount: e.minAmount,
      };
    case 'conditions':
      return {};
  }
}
