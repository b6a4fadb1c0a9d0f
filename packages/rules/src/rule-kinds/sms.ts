// SMS rules: which trigger sends which template, quiet hours, caps and de-duplication.
import { z } from 'zod';

import { conditionsSchema, type FactSpecs } from '../conditions/types';
import { namedFormat, type RuleIssue } from '../rule-issue';
import { minutesOf, SCOPE_FACTS, timeOfDay } from './common';

export const SMS_FACTS: FactSpecs = {
  ...SCOPE_FACTS,
  overdueDays: { type: 'number', description: '逾期天数' },
  amountDueFen: { type: 'number', description: '应还金额（分）' },
};

/** Template variables; personal data is always filled in masked (张**, 尾号1234). */
export const SMS_TEMPLATE_VARIABLES = {
  name: '姓名（脱敏）',
  amount: '金额（元）',
  dueDate: '到期日',
  bankName: '银行名称',
  cardTail: '卡号尾号',
  overdueDays: '逾期天数',
  orderNo: '订单号',
  productName: '产品名称',
  funderName: '资金方名称',
} as const;
export type SmsVariable = keyof typeof SMS_TEMPLATE_VARIABLES;

const triggerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('before_due'), days: z.number().int().min(1).max(30) }),
  z.strictObject({ type: z.literal('debit_succeeded') }),
  z.strictObject({ type: z.literal('debit_failed_final') }),
  z.strictObject({ type: z.literal('overdue_day'), day: z.number().int().min(1).max(365) }),
  z.strictObject({
    type: z.literal('overdue_every'),
    every: z.number().int().min(1).max(90),
    from: z.number().int().min(1).max(365).default(1),
  }),
  z.strictObject({ type: z.literal('settled') }),
]);
export type SmsTrigger = z.infer<typeof triggerSchema>;
export const SMS_TRIGGER_TYPES = [
  'before_due',
  'debit_succeeded',
  'debit_failed_final',
  'overdue_day',
  'overdue_every',
  'settled',
] as const;

export const smsRuleSchema = z.strictObject({
  messages: z
    .array(
      z.strictObject({
        id: z
          .string()
          .regex(
            namedFormat(/^[a-z][a-z0-9_]{0,39}$/, 'lower_id'),
            'lower-case letters, digits and _',
          ),
        trigger: triggerSchema,
        template: z.string().min(1).max(300),
        conditions: conditionsSchema.optional(),
      }),
    )
    .min(1)
    .max(30),
  quietHours: z.strictObject({ start: timeOfDay, end: timeOfDay }),
  dailyCapPerPhone: z.number().int().min(1).max(20),
  dedupeHours: z.number().int().min(1).max(168),
});
export type SmsRule = z.infer<typeof smsRuleSchema>;

const PLACEHOLDER = /\{([^{}]*)\}/g;

export function checkSmsRule(rule: SmsRule): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const ids = new Set<string>();
  rule.messages.forEach((message, i) => {
    if (ids.has(message.id))
      issues.push({
        path: ['messages', i, 'id'],
        message: `message id "${message.id}" is used twice`,
        code: 'duplicate_id',
        params: { id: message.id },
      });
    ids.add(message.id);
    for (const [, name] of message.template.matchAll(PLACEHOLDER)) {
      if (!Object.prototype.hasOwnProperty.call(SMS_TEMPLATE_VARIABLES, name!)) {
        issues.push({
          path: ['messages', i, 'template'],
          message: `unknown variable {${name}}; known: ${Object.keys(SMS_TEMPLATE_VARIABLES).join(', ')}`,
          code: 'unknown_template_variable',
          params: { name: name!, known: Object.keys(SMS_TEMPLATE_VARIABLES).join(', ') },
        });
      }
    }
    if (/[{}]/.test(message.template.replace(PLACEHOLDER, ''))) {
      issues.push({
        path: ['messages', i, 'template'],
        message: 'an unmatched { or } in the template',
        code: 'unmatched_brace',
      });
    }
  });
  if (rule.quietHours.start === rule.quietHours.end) {
    issues.push({
      path: ['quietHours', 'end'],
      message: 'quiet hours have a length',
      code: 'quiet_hours_empty',
    });
  }
  return issues;
}

export function renderTemplate(
  template: string,
  values: Partial<Record<SmsVariable, string>>,
): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(values, name)
      ? (values[name as SmsVariable] ?? '')
      : whole,
  );
}

/** Which scheduled (time-based) messages fire for an installment on a day. */
export function scheduledMessages(
  rule: SmsRule,
  state: { daysToDue: number; overdueDays: number },
): SmsRule['messages'] {
  return rule.messages.filter(({ trigger }) => {
    switch (trigger.type) {
      case 'before_due':
        return state.overdueDays === 0 && state.daysToDue === trigger.days;
      case 'overdue_day':
        return state.overdueDays === trigger.day;
      case 'overdue_every':
        return (
          state.overdueDays >= trigger.from &&
          (state.overdueDays - trigger.from) % trigger.every === 0
        );
      default:
        return false;
    }
  });
}

/** Is this time of day inside quiet hours (which usually cross midnight)? */
export function inQuietHours(rule: SmsRule, time: string): boolean {
  const t = minutesOf(time);
  const [s, e] = [minutesOf(rule.quietHours.start), minutesOf(rule.quietHours.end)];
  return s < e ? t >= s && t < e : t >= s || t < e;
}
