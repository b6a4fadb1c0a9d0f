import { describe, expect, it } from 'vitest';

import { parseRuleBody } from './index';
import { windowVerdict, type WindowCandidate } from './window-eligibility';

const rule = parseRuleBody('window', {
  slots: [
    { start: '10:00', end: '11:00' },
    { start: '14:00', end: '15:00' },
  ],
  days: { mode: 'business_days', holidays: ['2026-10-01'], workdays: ['2026-10-10'] },
  conditions: { all: [{ fact: 'bankCode', operator: 'notEqual', value: 'PSBC' }] },
  eligibility: {
    dueToday: true,
    overdueUpToDays: 30,
    skipPaused: true,
    maxAttemptsPerDay: 2,
    minAmount: '1.00',
  },
  amount: { strategy: 'partial', stepDown: ['1', '0.5', '0.3333'] },
});

const candidate = (over: Partial<WindowCandidate> = {}): WindowCandidate => ({
  businessLine: 'consumer',
  funderCode: 'F1',
  productCode: 'P1',
  dueDate: '2026-03-13',
  loanActive: true,
  pausedUntil: null,
  outstandingFen: 100_001n,
  bankCode: 'ICBC',
  attemptsToday: 0,
  insufficientToday: 0,
  ...over,
});
const MONDAY = '2026-03-16';

describe('windowVerdict', () => {
  it('asks for the outstanding amount of an installment two days overdue', () => {
    expect(windowVerdict(rule, candidate(), MONDAY, '10:00')).toEqual({
      eligible: true,
      amountFen: 100_001n,
      overdueDays: 3,
    });
  });

  it('steps down after insufficient-funds failures, rounding down to the fen', () => {
    const after = (n: number) =>
      windowVerdict(rule, candidate({ insufficientToday: n }), MONDAY, '14:00');
    expect(after(1)).toMatchObject({ amountFen: 50_000n });
    expect(after(2)).toMatchObject({ amountFen: 33_330n }); // 100,001 × 0.3333 = 33,330.33
    expect(after(5)).toMatchObject({ amountFen: 33_330n });
  });

  it.each<[string, Partial<WindowCandidate>, string, string | null, string]>([
    ['a weekend', {}, '2026-03-15', '10:00', 'not_a_deduction_day'],
    ['a holiday', { dueDate: '2026-09-30' }, '2026-10-01', '10:00', 'not_a_deduction_day'],
    ['a time that is no slot', {}, MONDAY, '12:00', 'not_a_slot'],
    ['not due yet', { dueDate: '2026-03-17' }, MONDAY, '10:00', 'not_due_yet'],
    ['too overdue', { dueDate: '2026-02-13' }, MONDAY, '10:00', 'too_overdue'],
    ['an inactive loan', { loanActive: false }, MONDAY, '10:00', 'loan_inactive'],
    ['a paused loan', { pausedUntil: MONDAY }, MONDAY, '10:00', 'paused'],
    ['attempts used up', { attemptsToday: 2 }, MONDAY, '10:00', 'attempts_exhausted'],
    ['below the minimum', { outstandingFen: 99n }, MONDAY, '10:00', 'below_min_amount'],
    ['a bank the conditions exclude', { bankCode: 'PSBC' }, MONDAY, '10:00', 'conditions'],
  ])('refuses %s', (_case, over, date, slot, reason) => {
    expect(windowVerdict(rule, candidate(over), date, slot)).toEqual({ eligible: false, reason });
  });

  it('debits on a make-up working day and lets a paused loan through the day after', () => {
    expect(
      windowVerdict(rule, candidate({ dueDate: '2026-10-09' }), '2026-10-10', '10:00'),
    ).toMatchObject({
      eligible: true,
    });
    expect(
      windowVerdict(rule, candidate({ pausedUntil: '2026-03-15' }), MONDAY, null),
    ).toMatchObject({
      eligible: true,
    });
  });
});
