import { describe, expect, it } from 'vitest';

import {
  exampleAllocation,
  examplePenaltyCharge,
  exampleRemittance,
  exampleRoutingScoring,
} from '../examples';
import { formatPath } from '../rule-issue';
import { grayBucket, inGray } from '../gray';
import {
  allocate,
  amountToRequest,
  compileRouting,
  inMaintenance,
  inQuietHours,
  isDeductionDay,
  parseRuleBody,
  renderTemplate,
  scheduledMessages,
  validateRuleBody,
} from './index';
import type { RuleKind } from '../vocabulary';

const windowRule = {
  slots: [
    { start: '10:00', end: '11:00' },
    { start: '14:00', end: '15:00' },
  ],
  days: { mode: 'business_days', holidays: ['2026-10-01', '2026-10-02'], workdays: ['2026-09-27'] },
  eligibility: {
    dueToday: true,
    overdueUpToDays: 30,
    skipPaused: true,
    maxAttemptsPerDay: 2,
    minAmount: '1.00',
  },
  amount: { strategy: 'partial', stepDown: ['1', '0.5', '0.3'] },
  maintenance: [{ channel: 'sandbox-b', start: '23:30', end: '00:30' }],
};
const smsRule = {
  messages: [
    {
      id: 'before_due_3',
      trigger: { type: 'before_due', days: 3 },
      template: '{name}您好，{dueDate}将从尾号{cardTail}扣款{amount}元',
    },
    {
      id: 'overdue_weekly',
      trigger: { type: 'overdue_every', every: 7, from: 1 },
      template: '您已逾期{overdueDays}天',
    },
  ],
  quietHours: { start: '21:00', end: '08:00' },
  dailyCapPerPhone: 3,
  dedupeHours: 24,
};
const routingRule = {
  routes: [
    {
      name: '工行走 B',
      conditions: { all: [{ fact: 'bankCode', operator: 'equal', value: 'ICBC' }] },
      channels: ['sandbox-b', 'sandbox-a'],
    },
    {
      name: '大额',
      conditions: { all: [{ fact: 'amountFen', operator: 'greaterThan', value: 5_000_000 }] },
      channels: ['sandbox-c'],
    },
    { name: '默认', channels: ['sandbox-a', 'sandbox-b'] },
  ],
  failover: {
    onClasses: ['fail_request', 'fail_funds'],
    minSuccessRate: '0.6',
    errorBurst: { count: 5, seconds: 60 },
  },
  scoring: exampleRoutingScoring,
};

function firstIssue(kind: RuleKind, body: unknown) {
  const result = validateRuleBody(kind, body);
  if (result.ok) throw new Error('expected the rule to be refused');
  return { path: formatPath(result.issues[0]!.path), message: result.issues[0]!.message };
}

describe('window rules', () => {
  const rule = parseRuleBody('window', windowRule);

  it.each([
    ['2026-09-30', true], // Wednesday
    ['2026-10-01', false], // National Day
    ['2026-10-03', false], // Saturday
    ['2026-09-27', true], // Sunday, make-up working day
  ])('business day %s → %s', (date, expected) => {
    expect(isDeductionDay(rule, date)).toBe(expected);
  });

  it('steps the requested amount down after insufficient funds, rounding down to fen', () => {
    expect(amountToRequest(rule, 10_001n, 0)).toBe(10_001n);
    expect(amountToRequest(rule, 10_001n, 1)).toBe(5_000n);
    expect(amountToRequest(rule, 10_001n, 5)).toBe(3_000n);
  });

  it('knows maintenance windows across midnight', () => {
    expect(inMaintenance(rule, 'sandbox-b', '23:45')).toBe(true);
    expect(inMaintenance(rule, 'sandbox-b', '00:15')).toBe(true);
    expect(inMaintenance(rule, 'sandbox-b', '00:30')).toBe(false);
    expect(inMaintenance(rule, 'sandbox-a', '23:45')).toBe(false);
  });

  it.each([
    [
      {
        ...windowRule,
        slots: [
          { start: '10:00', end: '11:00' },
          { start: '10:30', end: '12:00' },
        ],
      },
      'slots[1].start',
      /overlaps/,
    ],
    [{ ...windowRule, slots: [{ start: '24:00', end: '25:00' }] }, 'slots[0].start', /HH:mm/],
    [
      { ...windowRule, slots: [{ start: '12:00', end: '11:00' }] },
      'slots[0].end',
      /ends after it starts/,
    ],
    [
      { ...windowRule, days: { mode: 'business_days', holidays: ['2026-02-30'], workdays: [] } },
      'days.holidays[0]',
      /not a calendar date/,
    ],
    [
      {
        ...windowRule,
        days: { mode: 'business_days', holidays: ['2026-10-01'], workdays: ['2026-10-01'] },
      },
      'days.workdays[0]',
      /both/,
    ],
    [
      { ...windowRule, amount: { strategy: 'partial', stepDown: ['0.5', '0.8'] } },
      'amount.stepDown[1]',
      /not increase/,
    ],
    [
      { ...windowRule, eligibility: { ...windowRule.eligibility, minAmount: '1.001' } },
      'eligibility.minAmount',
      /yuan/,
    ],
    [
      { ...windowRule, conditions: { all: [{ fact: 'bank', operator: 'equal', value: 'ICBC' }] } },
      'conditions.all[0].fact',
      /unknown fact/,
    ],
    [{ ...windowRule, extra: 1 }, 'extra', /extra|Unrecognized/i],
  ])('refuses %# at %s', (body, path, message) => {
    const issue = firstIssue('window', body);
    expect(issue.path).toBe(path);
    expect(issue.message).toMatch(message);
  });
});

describe('fee rules', () => {
  const charge = examplePenaltyCharge({ graceDays: 3 });
  it.each([
    [{ ...charge, formula: 'base * rate' }, 'charges[0].formula', /unknown variable "rate"/],
    [
      { ...charge, formula: 'base / overdueDays' },
      'charges[0].formula',
      /division by zero is possible/,
    ],
    [{ ...charge, formula: 'base > 1' }, 'charges[0].formula', /must give a number/],
    [
      { ...charge, caps: { min: '50', maxPerInstallment: '20' } },
      'charges[0].caps.maxPerInstallment',
      /below the minimum/,
    ],
    [{ ...charge, dayBase: 364 }, 'charges[0].dayBase', /./],
    [{ ...charge, type: 'compound' }, 'charges[0].base', /overdue interest/],
    [
      {
        ...charge,
        tiers: [
          { fromDay: 31, formula: 'base' },
          { fromDay: 10, formula: 'base' },
        ],
      },
      'charges[0].tiers[1].fromDay',
      /increasing/,
    ],
  ])('refuses %# at %s', (body, path, message) => {
    const issue = firstIssue('fee', { charges: [body] });
    expect(issue.path).toBe(path);
    expect(issue.message).toMatch(message);
  });

  it('takes a waiver approval limit in yuan, and refuses one that is not an amount', () => {
    expect(validateRuleBody('fee', { charges: [charge], waiverApprovalAbove: '1000.00' }).ok).toBe(
      true,
    );
    expect(firstIssue('fee', { charges: [charge], waiverApprovalAbove: '1e3' }).path).toBe(
      'waiverApprovalAbove',
    );
  });
});

describe('sms rules', () => {
  const rule = parseRuleBody('sms', smsRule);
  it('renders templates and picks scheduled messages', () => {
    expect(
      renderTemplate(rule.messages[0]!.template, {
        name: '张**',
        dueDate: '2026-03-18',
        cardTail: '1234',
        amount: '1,234.56',
      }),
    ).toBe('张**您好，2026-03-18将从尾号1234扣款1,234.56元');
    expect(scheduledMessages(rule, { daysToDue: 3, overdueDays: 0 }).map((m) => m.id)).toEqual([
      'before_due_3',
    ]);
    expect(scheduledMessages(rule, { daysToDue: -8, overdueDays: 8 }).map((m) => m.id)).toEqual([
      'overdue_weekly',
    ]);
    expect(scheduledMessages(rule, { daysToDue: -9, overdueDays: 9 })).toEqual([]);
    expect(inQuietHours(rule, '22:00')).toBe(true);
    expect(inQuietHours(rule, '07:59')).toBe(true);
    expect(inQuietHours(rule, '08:00')).toBe(false);
  });
  it.each([
    [
      { ...smsRule, messages: [{ ...smsRule.messages[0], template: '{nmae}您好' }] },
      'messages[0].template',
      /unknown variable \{nmae\}/,
    ],
    [
      {
        ...smsRule,
        messages: [{ ...smsRule.messages[0], trigger: { type: 'before_due', days: 0 } }],
      },
      'messages[0].trigger.days',
      /./,
    ],
    [{ ...smsRule, quietHours: { start: '21:00', end: '21:00' } }, 'quietHours.end', /length/],
  ])('refuses %# at %s', (body, path, message) => {
    const issue = firstIssue('sms', body);
    expect(issue.path).toBe(path);
    expect(issue.message).toMatch(message);
  });
});

describe('routing rules', () => {
  const routing = compileRouting(parseRuleBody('routing', routingRule));
  it('takes the first matching route, else the fallback', () => {
    expect(routing.route({ bankCode: 'ICBC', amountFen: 100 }).channels).toEqual([
      'sandbox-b',
      'sandbox-a',
    ]);
    expect(routing.route({ bankCode: 'CCB', amountFen: 6_000_000 }).name).toBe('大额');
    expect(routing.route({ bankCode: 'CCB', amountFen: 100 }).name).toBe('默认');
  });
  it.each([
    [
      { ...routingRule, scoring: { priority: '0.5', successRate: '0.3', cost: '0.1' } },
      'scoring',
      /add up to 0.9/,
    ],
    [
      { ...routingRule, routes: [{ name: 'x', channels: ['sandbox-a', 'sandbox-a'] }] },
      'routes[0].channels[1]',
      /twice/,
    ],
    [{ ...routingRule, routes: [routingRule.routes[0]] }, 'routes[0].conditions', /fallback/],
    [
      { ...routingRule, failover: { ...routingRule.failover, onClasses: ['success'] } },
      'failover.onClasses[0]',
      /success/,
    ],
    [
      {
        ...routingRule,
        routes: [
          {
            name: 'x',
            conditions: { all: [{ fact: 'bankCode', operator: 'equal', value: 'XYZ' }] },
            channels: ['a1'],
          },
          routingRule.routes[2],
        ],
      },
      'routes[0].conditions.all[0].value',
      /not a bankCode/,
    ],
  ])('refuses %# at %s', (body, path, message) => {
    const issue = firstIssue('routing', body);
    expect(issue.path).toBe(path);
    expect(issue.message).toMatch(message);
  });
});

describe('allocation rules', () => {
  const rule = parseRuleBody('allocation', exampleAllocation);
  const open = [
    {
      id: 'b',
      dueDate: '2026-03-15',
      seq: 2,
      outstanding: { penalty: 0n, fee: 0n, interest: 500n, principal: 10_000n },
    },
    {
      id: 'a',
      dueDate: '2026-02-15',
      seq: 1,
      outstanding: { penalty: 120n, fee: 0n, interest: 500n, principal: 10_000n },
    },
  ];
  it('pays the oldest installment first, penalty → fee → interest → principal', () => {
    const { allocations, remainderFen } = allocate(rule, open, 11_000n);
    expect(allocations).toEqual([
      { installmentId: 'a', component: 'penalty', amountFen: 120n },
      { installmentId: 'a', component: 'interest', amountFen: 500n },
      { installmentId: 'a', component: 'principal', amountFen: 10_000n },
      { installmentId: 'b', component: 'interest', amountFen: 380n },
    ]);
    expect(remainderFen).toBe(0n);
  });
  it('returns what it could not place', () => {
    expect(allocate(rule, open, 30_000n).remainderFen).toBe(30_000n - 21_120n);
  });
  it('refuses a waterfall that repeats a component', () => {
    expect(
      firstIssue('allocation', {
        order: ['penalty', 'penalty', 'interest', 'principal'],
        oldestFirst: true,
        allowPartial: true,
      }).path,
    ).toBe('order[1]');
  });
});

describe('remittance rules', () => {
  const fee = exampleRemittance.platformFee;
  it('takes the example: T+1 at 16:00, 0.50 %, at least 100.00 net', () => {
    expect(parseRuleBody('remittance', exampleRemittance)).toEqual(exampleRemittance);
    expect(
      validateRuleBody('remittance', {
        ...exampleRemittance,
        settlement: 'T+0',
        platformFee: { percent: '100', fixedPerBatch: '0', minPerBatch: '0.5' },
      }),
    ).toMatchObject({ ok: true });
  });

  it.each([
    [{ ...exampleRemittance, cutoff: '24:00' }, 'cutoff', /HH:mm/],
    [{ ...exampleRemittance, cutoff: '4pm' }, 'cutoff', /HH:mm/],
    [{ ...exampleRemittance, settlement: 'T+2' }, 'settlement', /T\+0|T\+1|Invalid/],
    [{ ...exampleRemittance, minAmount: '-1.00' }, 'minAmount', /yuan/],
    [{ ...exampleRemittance, minAmount: '1.001' }, 'minAmount', /yuan/],
    [
      { ...exampleRemittance, platformFee: { ...fee, percent: '100.0001' } },
      'platformFee.percent',
      /between 0 and 100/,
    ],
    [
      { ...exampleRemittance, platformFee: { ...fee, percent: '0.12345' } },
      'platformFee.percent',
      /four decimals/,
    ],
    [
      { ...exampleRemittance, platformFee: { ...fee, percent: '-0.5' } },
      'platformFee.percent',
      /percentage/,
    ],
    [
      { ...exampleRemittance, platformFee: { ...fee, fixedPerBatch: '-0.01' } },
      'platformFee.fixedPerBatch',
      /yuan/,
    ],
    [
      { ...exampleRemittance, platformFee: { ...fee, minPerBatch: 'free' } },
      'platformFee.minPerBatch',
      /yuan/,
    ],
    [{ ...exampleRemittance, platformFee: { percent: '0.50' } }, 'platformFee.fixedPerBatch', /./],
    [{ ...exampleRemittance, extra: 1 }, 'extra', /extra|Unrecognized/i],
  ])('refuses %# at %s', (body, path, message) => {
    const issue = firstIssue('remittance', body);
    expect(issue.path).toBe(path);
    expect(issue.message).toMatch(message);
  });
});

describe('gray release', () => {
  it('puts a loan on the same side every time, and about the requested share on the gray side', () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `ORD-${i}`);
    const first = keys.map((k) => inGray('42', { percent: 10 }, { loanKey: k }));
    const again = keys.map((k) => inGray('42', { percent: 10 }, { loanKey: k }));
    expect(again).toEqual(first);
    const share = first.filter(Boolean).length / keys.length;
    expect(share).toBeGreaterThan(0.09);
    expect(share).toBeLessThan(0.11);
    expect(grayBucket('42', 'ORD-1')).toBe(grayBucket('42', 'ORD-1'));
  });
  it('targets listed funders and products', () => {
    expect(
      inGray('1', { funderCodes: ['F-BANK-02'] }, { funderCode: 'F-BANK-02', loanKey: 'x' }),
    ).toBe(true);
    expect(
      inGray('1', { productCodes: ['LEASE-STD'] }, { productCode: 'CONSUMER-STD', loanKey: 'x' }),
    ).toBe(false);
  });
});
