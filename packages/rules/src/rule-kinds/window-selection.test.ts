// The selection's own conditions and the figures behind each exclusion (the loan page words them).
import { describe, expect, it } from 'vitest';

import { parseRuleBody } from './index';
import {
  exclusionParams,
  selectionExclusion,
  windowVerdict,
  type WindowCandidate,
} from './window-eligibility';

const rule = parseRuleBody('window', {
  slots: [{ start: '10:00', end: '11:00' }],
  days: { mode: 'every_day', holidays: [], workdays: [] },
  eligibility: {
    dueToday: true,
    overdueUpToDays: 30,
    skipPaused: true,
    maxAttemptsPerDay: 2,
    minAmount: '5.00',
  },
  amount: { strategy: 'partial', stepDown: ['1', '0.5'] },
});

const candidate = (over: Partial<WindowCandidate> = {}): WindowCandidate => ({
  businessLine: 'consumer',
  funderCode: 'F1',
  productCode: 'P1',
  dueDate: '2026-03-01',
  loanActive: true,
  pausedUntil: null,
  outstandingFen: 111_000n,
  bankCode: 'ICBC',
  attemptsToday: 0,
  insufficientToday: 0,
  ...over,
});
const DAY = '2026-03-15';
const reasonOf = (c: WindowCandidate) => {
  const v = windowVerdict(rule, c, DAY, '10:00');
  if (v.eligible) throw new Error('eligible');
  return [v.reason, exclusionParams(rule, c, DAY, v.reason)];
};

describe('selectionExclusion', () => {
  const facts = { agreementActive: true, agreementSuspended: false, inFlight: false };
  it('passes a signed card with nothing in flight', () => {
    expect(selectionExclusion(facts)).toBeNull();
  });
  it('names the first condition failed: no agreement, a suspended one, a debit in flight', () => {
    expect(selectionExclusion({ ...facts, agreementActive: false, inFlight: true })).toBe(
      'no_card',
    );
    expect(selectionExclusion({ ...facts, agreementSuspended: true })).toBe('card_suspended');
    expect(selectionExclusion({ ...facts, inFlight: true })).toBe('in_flight');
  });
});

describe('exclusionParams', () => {
  it('gives the overdue days against the rule limit', () => {
    expect(reasonOf(candidate({ dueDate: '2026-02-01' }))).toEqual([
      'too_overdue',
      { overdueDays: 42, limit: 30 },
    ]);
  });
  it('gives the pause end, none for a pause without one', () => {
    expect(reasonOf(candidate({ pausedUntil: '2026-03-17' }))).toEqual([
      'paused',
      { pausedUntil: '2026-03-17' },
    ]);
    expect(reasonOf(candidate({ pausedUntil: '9999-12-31' }))).toEqual([
      'paused',
      { pausedUntil: null },
    ]);
  });
  it('gives the attempts against the daily limit', () => {
    expect(reasonOf(candidate({ attemptsToday: 2 }))).toEqual([
      'attempts_exhausted',
      { attempts: 2, limit: 2 },
    ]);
  });
  it('gives the amount asked, what is owed and the minimum', () => {
    expect(reasonOf(candidate({ outstandingFen: 499n }))).toEqual([
      'below_min_amount',
      { amount: '4.99', outstanding: '4.99', minAmount: '5.00' },
    ]);
  });
  it('gives the due date of an installment not yet due', () => {
    expect(reasonOf(candidate({ dueDate: '2026-04-01' }))).toEqual([
      'not_due_yet',
      { dueDate: '2026-04-01' },
    ]);
  });
});
