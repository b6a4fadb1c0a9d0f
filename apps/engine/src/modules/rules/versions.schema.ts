// 规则版本's filters: one schema for the console's list (tRPC) and its export (the query string
// of GET /exports/rule-versions.csv), so both read the same rows.
import { RULE_KINDS, RULE_SCOPES, RULE_VERSION_STATUSES } from '@repay/rules';
import { z } from 'zod';

const date = z.iso.date('a date as YYYY-MM-DD');

const shape = {
  kind: z.enum(RULE_KINDS).optional(),
  status: z.enum(RULE_VERSION_STATUSES).optional(),
  scopeType: z.enum(RULE_SCOPES).optional(),
  /** A username: the version's author or its reviewer. */
  user: z.string().trim().min(1).max(64).optional(),
  /** Business dates (Asia/Shanghai) the versions were written, both ends included. */
  from: date.optional(),
  to: date.optional(),
};

function ordered(v: { from?: string; to?: string }, ctx: z.RefinementCtx) {
  if (v.from && v.to && v.to < v.from)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'the end is before the start' });
}

export const ruleVersionFilter = z.strictObject(shape).superRefine(ordered);
export const ruleVersionListInput = z
  .strictObject({
    ...shape,
    cursor: z
      .string()
      .regex(/^\d{1,18}$/, 'an id')
      .nullish(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .superRefine(ordered);
export type RuleVersionFilter = z.infer<typeof ruleVersionFilter>;
