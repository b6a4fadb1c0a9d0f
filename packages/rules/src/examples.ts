// Example rule bodies, one canonical set: the console's starting body for a new rule set, the
// demo seed's rule sets and the tests build on these. Each kind's body is valid as it stands.
import type { RuleKind } from './vocabulary';

/** Penalty interest: 1.5 times the contract rate on overdue principal, /360, from the due date. */
export const examplePenaltyCharge = (over: Record<string, unknown> = {}) => ({
  id: 'penalty',
  type: 'penalty',
  name: '罚息',
  base: 'overdue_principal',
  formula: 'base * contractRate * 1.5 / dayBase',
  dayBase: 360,
  graceDays: 0,
  accrueFrom: 'due_date',
  rounding: 'on_total',
  ...over,
});

/** Who a window debits: due today or up to 30 days overdue, not paused, three tries a day. */
export const exampleWindowEligibility = {
  dueToday: true,
  overdueUpToDays: 30,
  skipPaused: true,
  maxAttemptsPerDay: 3,
  minAmount: '1.00',
};

export const exampleRoutingScoring = { priority: '0.6', successRate: '0.3', cost: '0.1' };

/** Penalty, then fees, interest and principal, the oldest installment first; partial payments taken. */
export const exampleAllocation = {
  order: ['penalty', 'fee', 'interest', 'principal'],
  oldestFirst: true,
  allowPartial: true,
};

/** Collections effective up to yesterday remitted at 16:00, 0.50 % platform fee, at least 100.00 net. */
export const exampleRemittance = {
  settlement: 'T+1',
  cutoff: '16:00',
  minAmount: '100.00',
  platformFee: { percent: '0.50', fixedPerBatch: '0.00', minPerBatch: '0.00' },
};

export const exampleRuleBodies: Record<RuleKind, unknown> = {
  window: {
    slots: [{ start: '10:00', end: '10:30' }],
    days: { mode: 'every_day', holidays: [], workdays: [] },
    eligibility: exampleWindowEligibility,
    amount: { strategy: 'full', stepDown: [] },
    maintenance: [],
  },
  fee: { charges: [examplePenaltyCharge()] },
  sms: {
    messages: [
      {
        id: 'before_due_3',
        trigger: { type: 'before_due', days: 3 },
        template: '【Repay】{name}您好，{dueDate}将从尾号{cardTail}扣款{amount}元。',
      },
    ],
    quietHours: { start: '21:00', end: '08:00' },
    dailyCapPerPhone: 3,
    dedupeHours: 24,
  },
  routing: {
    routes: [{ name: '默认', channels: ['sandbox-a', 'sandbox-b'] }],
    failover: {
      onClasses: ['fail_request'],
      minSuccessRate: '0.6',
      errorBurst: { count: 5, seconds: 60 },
    },
    scoring: exampleRoutingScoring,
  },
  allocation: exampleAllocation,
  remittance: exampleRemittance,
};
