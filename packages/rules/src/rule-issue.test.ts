// Every problem of a rule body carries a stable code and params (the console words them), both
// the schema's (zod) and the kinds' own checks.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { exampleRuleBodies } from './examples';
import { formatPath, zodIssueCode } from './rule-issue';
import { validateRuleBody } from './rule-kinds/index';
import type { RuleKind } from './vocabulary';

const clone = <T>(v: T): T => structuredClone(v);
function issues(kind: RuleKind, body: unknown) {
  const result = validateRuleBody(kind, body);
  if (result.ok) throw new Error('expected the rule to be refused');
  return result.issues.map((i) => ({ field: formatPath(i.path), code: i.code, params: i.params }));
}

describe('zod issues in the console vocabulary', () => {
  const schema = z.strictObject({
    name: z.string().min(2).max(4),
    kind: z.enum(['a', 'b']),
    n: z.number().int().min(1).max(5),
    list: z.array(z.string()).min(1).max(2),
    needed: z.string(),
    day: z.iso.date(),
  });
  const codes = (input: Record<string, unknown>) =>
    schema.safeParse(input).error!.issues.map((i) => ({
      field: formatPath(i.path as (string | number)[]),
      ...zodIssueCode(i, input),
    }));

  it('names required, lengths, counts, ranges, options, formats and unknown fields', () => {
    const found = codes({ name: 'x', kind: 'c', n: 9, list: [], day: '2026-13-01', extra: 1 });
    expect(found).toEqual(
      expect.arrayContaining([
        { field: 'name', code: 'too_short', params: { minimum: 2 } },
        { field: 'kind', code: 'invalid_enum', params: { options: 'a, b' } },
        { field: 'n', code: 'too_big', params: { maximum: 5 } },
        { field: 'list', code: 'too_few', params: { minimum: 1 } },
        { field: 'needed', code: 'required', params: {} },
        { field: 'day', code: 'invalid_format', params: { format: 'date' } },
        { field: '', code: 'unknown_field', params: { name: 'extra' } },
      ]),
    );
    expect(
      codes({
        name: 'xxxxx',
        kind: 'a',
        n: 0,
        list: ['a', 'b', 'c'],
        needed: 3,
        day: '2026-01-01',
      }),
    ).toEqual([
      { field: 'name', code: 'too_long', params: { maximum: 4 } },
      { field: 'n', code: 'too_small', params: { minimum: 1 } },
      { field: 'list', code: 'too_many', params: { maximum: 2 } },
      { field: 'needed', code: 'invalid_type', params: { expected: 'string' } },
    ]);
  });

  it('keeps a refinement as custom, so its own message is the text', () => {
    const limits = z
      .object({ single: z.number(), daily: z.number() })
      .refine((l) => l.single <= l.daily, { message: 'the single limit is above the daily limit' });
    const issue = limits.safeParse({ single: 3, daily: 2 }).error!.issues[0]!;
    expect(zodIssueCode(issue)).toEqual({ code: 'custom', params: {} });
  });

  it('tells a missing value from its message when the input is not at hand', () => {
    const issue = z.object({ a: z.string() }).safeParse({}).error!.issues[0]!;
    expect(zodIssueCode(issue).code).toBe('required');
  });
});

describe('rule bodies: codes and params of every check', () => {
  it('window: a slot that ends before it starts, overlaps, dates, step-down, maintenance', () => {
    const body = clone(exampleRuleBodies.window) as Record<string, any>;
    body.slots = [
      { start: '14:00', end: '13:00' },
      { start: '09:00', end: '10:00' },
      { start: '09:30', end: '09:45' },
    ];
    body.days = {
      mode: 'business_days',
      holidays: ['2026-02-30', '2026-10-01'],
      workdays: ['2026-10-01'],
    };
    body.amount = { strategy: 'full', stepDown: ['0.5', '0.8'] };
    body.maintenance = [{ channel: 'sandbox-a', start: '01:00', end: '01:00' }];
    expect(issues('window', body)).toEqual([
      {
        field: 'slots[0].end',
        code: 'slot_end_before_start',
        params: { start: '14:00', end: '13:00' },
      },
      {
        field: 'slots[2].start',
        code: 'slots_overlap',
        params: { start: '09:30', end: '09:45', otherStart: '09:00', otherEnd: '10:00' },
      },
      { field: 'days.holidays[0]', code: 'not_a_calendar_date', params: { date: '2026-02-30' } },
      { field: 'days.workdays[0]', code: 'holiday_and_workday', params: { date: '2026-10-01' } },
      { field: 'amount.stepDown', code: 'step_down_needs_partial', params: undefined },
      { field: 'amount.stepDown[1]', code: 'shares_increase', params: undefined },
      { field: 'maintenance[0].end', code: 'maintenance_empty', params: undefined },
    ]);
  });

  it('window: a malformed time names its format; a missing field is required', () => {
    const body = clone(exampleRuleBodies.window) as Record<string, any>;
    body.slots[0].start = '25:00';
    delete body.eligibility.minAmount;
    expect(issues('window', body)).toEqual([
      { field: 'slots[0].start', code: 'invalid_format', params: { format: 'time_of_day' } },
      { field: 'eligibility.minAmount', code: 'required', params: {} },
    ]);
  });

  it('fee: ids, formulas, tiers, bases and caps', () => {
    const body = clone(exampleRuleBodies.fee) as { charges: Record<string, any>[] };
    const first = body.charges[0]!;
    body.charges = [
      {
        ...first,
        formula: 'base * rate',
        tiers: [
          { fromDay: 10, formula: '' },
          { fromDay: 5, formula: 'base' },
        ],
      },
      {
        ...first,
        type: 'late_fee',
        tiers: [{ fromDay: 3, formula: 'base' }],
        caps: { min: '10', maxPerInstallment: '5', annualRate: '2' },
      },
      { ...first, id: 'compound', type: 'compound', base: 'overdue_principal' },
      {
        ...first,
        id: 'pre',
        type: 'prepayment_fee',
        base: 'overdue_principal',
        formula: 'base / overdueDays',
      },
    ];
    const found = issues('fee', body);
    expect(found).toContainEqual({
      field: 'charges[0].formula',
      code: 'formula_unknown_variable',
      params: expect.objectContaining({ name: 'rate' }),
    });
    expect(found).toContainEqual({
      field: 'charges[0].tiers[0].formula',
      code: 'formula_empty',
      params: {},
    });
    expect(found).toContainEqual({
      field: 'charges[0].tiers[1].fromDay',
      code: 'tiers_not_increasing',
      params: undefined,
    });
    expect(found).toContainEqual({
      field: 'charges[1].id',
      code: 'duplicate_id',
      params: { id: first.id },
    });
    expect(found).toContainEqual({
      field: 'charges[1].tiers',
      code: 'one_off_no_tiers',
      params: { type: 'late_fee' },
    });
    expect(found).toContainEqual({
      field: 'charges[1].caps.maxPerInstallment',
      code: 'cap_below_min',
      params: { cap: '5', min: '10' },
    });
    expect(found).toContainEqual({
      field: 'charges[1].caps.annualRate',
      code: 'annual_rate_range',
      params: undefined,
    });
    expect(found).toContainEqual({
      field: 'charges[2].base',
      code: 'compound_base',
      params: undefined,
    });
    expect(found).toContainEqual({
      field: 'charges[3].base',
      code: 'prepayment_base',
      params: undefined,
    });
    expect(found).toContainEqual({
      field: 'charges[3].formula',
      code: 'formula_division_by_zero',
      params: {},
    });
  });

  it('fee: a syntax error says where', () => {
    const body = clone(exampleRuleBodies.fee) as { charges: Record<string, any>[] };
    body.charges[0]!.formula = 'base *';
    expect(issues('fee', body)[0]).toEqual({
      field: 'charges[0].formula',
      code: 'formula_syntax',
      params: { position: 7 },
    });
  });

  it('routing, sms, allocation, remittance and conditions', () => {
    const routing = clone(exampleRuleBodies.routing) as Record<string, any>;
    routing.routes[0].channels = ['sandbox-a', 'sandbox-a'];
    routing.routes[routing.routes.length - 1].conditions = {
      all: [{ fact: 'colour', operator: 'equal', value: 'red' }],
    };
    routing.failover.onClasses = ['success'];
    routing.scoring = { priority: '0.5', successRate: '0.3', cost: '0.1' };
    expect(issues('routing', routing)).toEqual(
      expect.arrayContaining([
        {
          field: 'routes[0].channels[1]',
          code: 'duplicate_channel',
          params: { channel: 'sandbox-a' },
        },
        {
          field: `routes[${routing.routes.length - 1}].conditions`,
          code: 'fallback_has_conditions',
          params: undefined,
        },
        { field: 'failover.onClasses[0]', code: 'success_no_failover', params: undefined },
        { field: 'scoring', code: 'weights_sum', params: { sum: '0.9' } },
        {
          field: `routes[${routing.routes.length - 1}].conditions.all[0].fact`,
          code: 'unknown_fact',
          params: expect.objectContaining({ fact: 'colour' }),
        },
      ]),
    );

    const sms = clone(exampleRuleBodies.sms) as Record<string, any>;
    sms.messages = [{ ...sms.messages[0], template: '您好 {nme} }' }, { ...sms.messages[0] }];
    sms.quietHours = { start: '21:00', end: '21:00' };
    expect(issues('sms', sms)).toEqual([
      {
        field: 'messages[0].template',
        code: 'unknown_template_variable',
        params: expect.objectContaining({ name: 'nme' }),
      },
      { field: 'messages[0].template', code: 'unmatched_brace', params: undefined },
      { field: 'messages[1].id', code: 'duplicate_id', params: { id: sms.messages[0].id } },
      { field: 'quietHours.end', code: 'quiet_hours_empty', params: undefined },
    ]);

    const allocation = clone(exampleRuleBodies.allocation) as Record<string, any>;
    allocation.order = ['penalty', 'penalty', 'interest', 'principal'];
    expect(issues('allocation', allocation)).toEqual([
      { field: 'order[1]', code: 'duplicate_component', params: { component: 'penalty' } },
    ]);

    const remittance = clone(exampleRuleBodies.remittance) as Record<string, any>;
    remittance.platformFee.percent = '120';
    expect(issues('remittance', remittance)).toEqual([
      { field: 'platformFee.percent', code: 'percent_range', params: { value: '120' } },
    ]);

    const window = clone(exampleRuleBodies.window) as Record<string, any>;
    window.conditions = {
      all: [
        { fact: 'overdueDays', operator: 'equal', value: 'x' },
        { fact: 'bankCode', operator: 'lessThan', value: 1 },
        { fact: 'overdueDays', operator: 'in', value: 3 },
      ],
    };
    expect(issues('window', window)).toEqual([
      {
        field: 'conditions.all[0].value',
        code: 'condition_value_type',
        params: { fact: 'overdueDays', type: 'number', value: '"x"' },
      },
      {
        field: 'conditions.all[1].operator',
        code: 'condition_needs_number',
        params: { operator: 'lessThan', fact: 'bankCode', type: 'string' },
      },
      {
        field: 'conditions.all[2].value',
        code: 'condition_needs_list',
        params: { operator: 'in' },
      },
    ]);
  });
});
