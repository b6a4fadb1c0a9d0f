// Fee rules: overdue penalty, compound interest on overdue interest, late fee and
// prepayment fee, each a formula with base, grace, day base, rounding point, tiers, caps.
import { z } from 'zod';

import { conditionsSchema, type FactSpecs } from '../conditions/types';
import type { VariableSpecs } from '../expr/check';
import { compileFormula } from '../expr/compile';
import { namedFormat, type RuleIssue } from '../rule-issue';
import { Dec, yuanToFen } from '../money';
import { rateString, SCOPE_FACTS, yuanAmount } from './common';

export const CHARGE_TYPES = ['penalty', 'compound', 'late_fee', 'prepayment_fee'] as const;
export type ChargeType = (typeof CHARGE_TYPES)[number];
export const FEE_BASES = [
  'overdue_principal',
  'overdue_principal_interest',
  'overdue_interest',
  'outstanding_balance',
  'remaining_principal',
] as const;
export type FeeBase = (typeof FEE_BASES)[number];
/** Daily charges accrue per overdue day; one-off charges are computed once. */
export const DAILY_CHARGES: readonly ChargeType[] = ['penalty', 'compound'];

/** Formula variables, in yuan for amounts (exact decimals) and plain numbers otherwise. */
export const FEE_VARIABLES: VariableSpecs = {
  base: { type: 'number', description: '计费基数（元），由 base 选定' },
  overduePrincipal: { type: 'number', description: '逾期本金（元）' },
  overdueInterest: { type: 'number', description: '逾期利息（元）' },
  outstandingPrincipal: { type: 'number', description: '贷款剩余本金（元）' },
  contractRate: { type: 'number', description: '合同年利率，如 0.12' },
  dayBase: { type: 'number', nonZero: true, description: '计息天数基准 360 或 365' },
  overdueDays: { type: 'number', description: '逾期天数（计费当天）' },
  installmentNo: { type: 'number', description: '期次' },
  termCount: { type: 'number', description: '总期数' },
  remainingTerms: { type: 'number', description: '剩余期数' },
};

export const FEE_FACTS: FactSpecs = {
  ...SCOPE_FACTS,
  overdueDays: { type: 'number', description: '逾期天数' },
  installmentNo: { type: 'number', description: '期次' },
  principalFen: { type: 'number', description: '本期本金（分）' },
};

const tierSchema = z.strictObject({
  fromDay: z.number().int().min(2).max(3650),
  formula: z.string(),
});

export const chargeSchema = z.strictObject({
  id: z
    .string()
    .regex(namedFormat(/^[a-z][a-z0-9_]{0,31}$/, 'lower_id'), 'lower-case letters, digits and _'),
  type: z.enum(CHARGE_TYPES),
  name: z.string().min(1).max(40),
  conditions: conditionsSchema.optional(),
  base: z.enum(FEE_BASES),
  /** Daily charges: the amount for one overdue day. One-off charges: the amount. */
  formula: z.string(),
  dayBase: z.union([z.literal(360), z.literal(365)]),
  graceDays: z.number().int().min(0).max(90),
  /** Once grace has passed: accrue from the first day after due, or only after grace. */
  accrueFrom: z.enum(['due_date', 'after_grace']),
  rounding: z.enum(['per_day', 'on_total']),
  tiers: z.array(tierSchema).max(10).optional(),
  caps: z
    .strictObject({
      min: yuanAmount.optional(),
      maxPerInstallment: yuanAmount.optional(),
      /** All-in annual rate: contract rate plus this charge, over base and overdue days. */
      annualRate: rateString.optional(),
    })
    .optional(),
});
export type FeeCharge = z.infer<typeof chargeSchema>;

/** Waivers above this (yuan) wait for a second user (finance); absent: the default. */
export const DEFAULT_WAIVER_APPROVAL_ABOVE = '500.00';

export const feeRuleSchema = z.strictObject({
  charges: z.array(chargeSchema).min(1).max(10),
  waiverApprovalAbove: yuanAmount.optional(),
});
export type FeeRule = z.infer<typeof feeRuleSchema>;

/** A formula's compile error as an issue's code and params (see the expr errors). */
function formulaIssue(error: unknown): Pick<RuleIssue, 'code' | 'params'> {
  const e = error as { code?: unknown; params?: RuleIssue['params'] };
  return typeof e.code === 'string'
    ? { code: e.code, params: e.params ?? {} }
    : { code: 'formula_invalid', params: {} };
}

export function checkFeeRule(rule: FeeRule): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const ids = new Set<string>();
  rule.charges.forEach((charge, i) => {
    const at = ['charges', i];
    if (ids.has(charge.id))
      issues.push({
        path: [...at, 'id'],
        message: `charge id "${charge.id}" is used twice`,
        code: 'duplicate_id',
        params: { id: charge.id },
      });
    ids.add(charge.id);
    for (const [path, source] of [
      [[...at, 'formula'], charge.formula],
      ...(charge.tiers ?? []).map((t, k) => [[...at, 'tiers', k, 'formula'], t.formula] as const),
    ] as const) {
      try {
        compileFormula(source, FEE_VARIABLES);
      } catch (error) {
        issues.push({ path: [...path], message: (error as Error).message, ...formulaIssue(error) });
      }
    }
    const tiers = charge.tiers ?? [];
    tiers.forEach((tier, k) => {
      if (k > 0 && tier.fromDay <= tiers[k - 1]!.fromDay) {
        issues.push({
          path: [...at, 'tiers', k, 'fromDay'],
          message: 'tiers must start on increasing days',
          code: 'tiers_not_increasing',
        });
      }
    });
    if (tiers.length > 0 && !DAILY_CHARGES.includes(charge.type)) {
      issues.push({
        path: [...at, 'tiers'],
        message: `a ${charge.type} is charged once and has no tiers by day`,
        code: 'one_off_no_tiers',
        params: { type: charge.type },
      });
    }
    if (charge.type === 'compound' && charge.base !== 'overdue_interest') {
      issues.push({
        path: [...at, 'base'],
        message: 'compound interest is charged on overdue interest',
        code: 'compound_base',
      });
    }
    if (charge.type === 'prepayment_fee' && charge.base !== 'remaining_principal') {
      issues.push({
        path: [...at, 'base'],
        message: 'a prepayment fee is charged on the remaining principal',
        code: 'prepayment_base',
      });
    }
    const { min, maxPerInstallment } = charge.caps ?? {};
    if (
      min !== undefined &&
      maxPerInstallment !== undefined &&
      yuanToFen(maxPerInstallment) < yuanToFen(min)
    ) {
      issues.push({
        path: [...at, 'caps', 'maxPerInstallment'],
        message: `the cap ${maxPerInstallment} is below the minimum ${min}`,
        code: 'cap_below_min',
        params: { cap: maxPerInstallment, min },
      });
    }
    const annual = charge.caps?.annualRate;
    if (annual !== undefined && (new Dec(annual).lte(0) || new Dec(annual).gt(1))) {
      issues.push({
        path: [...at, 'caps', 'annualRate'],
        message: 'an annual rate cap lies between 0 and 1 (e.g. 0.24)',
        code: 'annual_rate_range',
      });
    }
  });
  return issues;
}
