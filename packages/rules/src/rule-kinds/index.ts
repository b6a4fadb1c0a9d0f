// The six rule kinds: one place that parses and checks any rule body.
import type { z } from 'zod';

import { validateConditions } from '../conditions/validate';
import type { Conditions, FactSpecs } from '../conditions/types';
import { RuleValidationError, zodIssueCode, type RuleIssue } from '../rule-issue';
import type { RuleKind, RuleScope } from '../vocabulary';
import { allocationRuleSchema, checkAllocationRule, type AllocationRule } from './allocation';
import { checkFeeRule, FEE_FACTS, feeRuleSchema, type FeeRule } from './fee';
import { checkRemittanceRule, remittanceRuleSchema, type RemittanceRule } from './remittance';
import { checkRoutingRule, ROUTING_FACTS, routingRuleSchema, type RoutingRule } from './routing';
import { checkSmsRule, SMS_FACTS, smsRuleSchema, type SmsRule } from './sms';
import { checkWindowRule, WINDOW_FACTS, windowRuleSchema, type WindowRule } from './window';

export interface RuleBodies {
  fee: FeeRule;
  window: WindowRule;
  sms: SmsRule;
  routing: RoutingRule;
  allocation: AllocationRule;
  remittance: RemittanceRule;
}
export type RuleBody = RuleBodies[RuleKind];

/** Most specific wins. */
export const SCOPE_SPECIFICITY: Record<RuleScope, number> = {
  global: 0,
  business_line: 1,
  funder: 2,
  product: 3,
};

export const RULE_FACTS: Record<RuleKind, FactSpecs> = {
  fee: FEE_FACTS,
  window: WINDOW_FACTS,
  sms: SMS_FACTS,
  routing: ROUTING_FACTS,
  allocation: {},
  remittance: {},
};

const SCHEMAS: { [K in RuleKind]: z.ZodType<RuleBodies[K]> } = {
  fee: feeRuleSchema,
  window: windowRuleSchema,
  sms: smsRuleSchema,
  routing: routingRuleSchema,
  allocation: allocationRuleSchema,
  remittance: remittanceRuleSchema,
};

const CHECKS: { [K in RuleKind]: (rule: RuleBodies[K]) => RuleIssue[] } = {
  fee: checkFeeRule,
  window: checkWindowRule,
  sms: checkSmsRule,
  routing: checkRoutingRule,
  allocation: checkAllocationRule,
  remittance: checkRemittanceRule,
};

/** Every conditions object in a body, with its JSON path. */
function conditionsIn(
  body: unknown,
  path: (string | number)[] = [],
): { at: (string | number)[]; conditions: Conditions }[] {
  if (body === null || typeof body !== 'object') return [];
  const found: { at: (string | number)[]; conditions: Conditions }[] = [];
  for (const [key, value] of Object.entries(body)) {
    const at = [...path, Array.isArray(body) ? Number(key) : key];
    if (key === 'conditions' && value && typeof value === 'object')
      found.push({ at, conditions: value as Conditions });
    else found.push(...conditionsIn(value, at));
  }
  return found;
}

/** Parse and check a rule body. All problems are reported at once, with JSON paths. */
export function validateRuleBody<K extends RuleKind>(
  kind: K,
  json: unknown,
): { ok: true; rule: RuleBodies[K] } | { ok: false; issues: RuleIssue[] } {
  const schema = SCHEMAS[kind] as z.ZodType<RuleBodies[K]>;
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => {
        const path = i.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
        // A strict object's unknown key: the key itself is the field.
        const unknown = i.code === 'unrecognized_keys' ? i.keys.slice(0, 1) : [];
        return { path: [...path, ...unknown], message: i.message, ...zodIssueCode(i, json) };
      }),
    };
  }
  const rule = parsed.data;
  const issues = [
    ...(CHECKS[kind] as (r: RuleBodies[K]) => RuleIssue[])(rule),
    ...conditionsIn(rule).flatMap(({ at, conditions }) =>
      validateConditions(conditions, RULE_FACTS[kind], at),
    ),
  ];
  return issues.length > 0 ? { ok: false, issues } : { ok: true, rule };
}

export function parseRuleBody<K extends RuleKind>(kind: K, json: unknown): RuleBodies[K] {
  const result = validateRuleBody(kind, json);
  if (!result.ok) throw new RuleValidationError(result.issues);
  return result.rule;
}

export * from './allocation';
export * from './common';
export * from './fee';
export * from './remittance';
export * from './routing';
export * from './sms';
export * from './window';
export * from './window-eligibility';
