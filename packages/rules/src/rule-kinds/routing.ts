// Routing rules: an ordered list of routes, each a condition and a channel priority
// list; failover policy and the scoring weights used to rank healthy channels.
import { z } from 'zod';

import { conditionsSchema, type FactSpecs } from '../conditions/types';
import { compileConditions, type Predicate } from '../conditions/compile';
import { namedFormat, type RuleIssue } from '../rule-issue';
import { Dec } from '../money';
import { CHANNEL_RESULT_CLASSES, PAYOUT_PURPOSES } from '../vocabulary';
import { BANK_CODES, SCOPE_FACTS, yuanAmount } from './common';

export const ROUTING_FACTS: FactSpecs = {
  ...SCOPE_FACTS,
  bankCode: { type: 'string', values: BANK_CODES, description: '银行编码' },
  amountFen: { type: 'number', description: '金额（分）' },
  /** Debits collect from a card; payouts pay an account out of a position. */
  subject: {
    type: 'string',
    values: ['debit', 'payout'],
    description: '业务类型（代扣 debit / 代付 payout）',
  },
  purpose: {
    type: 'string',
    values: PAYOUT_PURPOSES,
    description: '代付用途（仅代付）',
  },
};

const channelCode = z
  .string()
  .regex(
    namedFormat(/^[a-z][a-z0-9-]{1,39}$/, 'channel_code'),
    'a channel code such as "sandbox-a"',
  );
const weight = z
  .string()
  .regex(namedFormat(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, 'fraction'), 'a weight from 0 to 1');

export const routingRuleSchema = z.strictObject({
  routes: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(40),
        conditions: conditionsSchema.optional(),
        channels: z.array(channelCode).min(1).max(10),
        maxAmount: yuanAmount.optional(),
      }),
    )
    .min(1)
    .max(30),
  failover: z.strictObject({
    /** Result classes after which the next attempt may use the next channel. */
    onClasses: z.array(z.enum(CHANNEL_RESULT_CLASSES)).max(6),
    minSuccessRate: weight,
    errorBurst: z.strictObject({
      count: z.number().int().min(1).max(1000),
      seconds: z.number().int().min(1).max(3600),
    }),
  }),
  scoring: z.strictObject({ priority: weight, successRate: weight, cost: weight }),
});
export type RoutingRule = z.infer<typeof routingRuleSchema>;

export function checkRoutingRule(rule: RoutingRule): RuleIssue[] {
  const issues: RuleIssue[] = [];
  rule.routes.forEach((route, i) => {
    const seen = new Set<string>();
    route.channels.forEach((code, k) => {
      if (seen.has(code))
        issues.push({
          path: ['routes', i, 'channels', k],
          message: `${code} is listed twice`,
          code: 'duplicate_channel',
          params: { channel: code },
        });
      seen.add(code);
    });
  });
  if (rule.routes.at(-1)?.conditions !== undefined) {
    issues.push({
      path: ['routes', rule.routes.length - 1, 'conditions'],
      message: 'the last route is the fallback and has no conditions',
      code: 'fallback_has_conditions',
    });
  }
  rule.failover.onClasses.forEach((c, i) => {
    if (c === 'success')
      issues.push({
        path: ['failover', 'onClasses', i],
        message: 'success is not a reason to fail over',
        code: 'success_no_failover',
      });
  });
  const { priority, successRate, cost } = rule.scoring;
  const sum = new Dec(priority).plus(successRate).plus(cost);
  if (!sum.eq(1))
    issues.push({
      path: ['scoring'],
      message: `the weights add up to ${sum.toString()}, not 1`,
      code: 'weights_sum',
      params: { sum: sum.toString() },
    });
  return issues;
}

export interface CompiledRouting {
  /** The first route whose conditions hold (the last route always matches). */
  route(facts: Parameters<Predicate>[0]): { index: number; name: string; channels: string[] };
}

// A rule body is immutable once parsed: compiled once, whatever the number of decisions.
const compiled = new WeakMap<RoutingRule, CompiledRouting>();

export function compileRouting(rule: RoutingRule): CompiledRouting {
  let hit = compiled.get(rule);
  if (!hit) {
    hit = compileRoutingNow(rule);
    compiled.set(rule, hit);
  }
  return hit;
}

function compileRoutingNow(rule: RoutingRule): CompiledRouting {
  const routes = rule.routes.map((r, index) => ({
    ...r,
    index,
    test: compileConditions(r.conditions),
  }));
  return {
    route(facts) {
      const hit = routes.find((r) => r.test(facts)) ?? routes[routes.length - 1]!;
      return { index: hit.index, name: hit.name, channels: hit.channels };
    },
  };
}
