// Starting bodies for a new rule set of each kind: valid, and close to what people need.
import type { RuleKind } from '@repay/rules/vocabulary';

export const ruleTemplates: Record<RuleKind, unknown> = {
  window: {
    slots: [{ start: '10:00', end: '10:30' }],
    days: { mode: 'every_day', holidays: [], workdays: [] },
    eligibility: {
      dueToday: true,
      overdueUpToDays: 30,
      skipPaused: true,
      maxAttemptsPerDay: 3,
      minAmount: '1.00',
    },
    amount: { strategy: 'full', stepDown: [] },
    maintenance: [],
  },
  fee: {
    charges: [
      {
        id: 'penalty',
        type: 'penalty',
        name: '罚息',
        base: 'overdue_principal',
        formula: 'base * contractRate * 1.5 / dayBase',
        dayBase: 360,
        graceDays: 0,
        accrueFrom: 'due_date',
        rounding: 'on_total',
      },
    ],
  },
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
    scoring: { priority: '0.6', successRate: '0.3', cost: '0.1' },
  },
  allocation: {
    order: ['penalty', 'fee', 'interest', 'principal'],
    oldestFirst: true,
    allowPartial: true,
  },
};
