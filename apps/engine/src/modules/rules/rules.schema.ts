// Inputs of the rules procedures. Rule bodies are `unknown` here: their own validation
// (packages/rules) reports every problem by JSON path.
import { RULE_KINDS, RULE_SCOPES } from '@repay/rules';
import { z } from 'zod';

const id = z
  .string()
  .regex(/^\d{1,18}$/, 'an id')
  .transform((v) => BigInt(v));
const reason = z.string().trim().min(2, 'say why (at least 2 characters)').max(500);

export const listRuleSetsInput = z.object({ kind: z.enum(RULE_KINDS).optional() });

export const createRuleSetInput = z.object({
  kind: z.enum(RULE_KINDS),
  scopeType: z.enum(RULE_SCOPES),
  scopeKey: z.string().trim().max(40).default('*'),
  name: z.string().trim().min(1).max(60),
  description: z.string().trim().max(500).optional(),
  body: z.unknown(),
  note: z.string().trim().max(500).optional(),
});
export type CreateRuleSetInput = z.infer<typeof createRuleSetInput>;

export const ruleSetIdInput = z.object({ ruleSetId: id });
export const versionIdInput = z.object({ versionId: id });

export const saveDraftInput = z.object({
  ruleSetId: id,
  /** Edit this draft (or rejected) version in place; omit to start a new version. */
  versionId: id.optional(),
  body: z.unknown(),
  note: z.string().trim().max(500).optional(),
});
export type SaveDraftInput = z.infer<typeof saveDraftInput>;

export const reviewInput = z.object({ versionId: id, note: z.string().trim().max(500).optional() });
export const rejectInput = z.object({ versionId: id, note: reason });

export const grayTargetInput = z
  .object({
    funderCodes: z.array(z.string().min(1).max(40)).max(50).optional(),
    productCodes: z.array(z.string().min(1).max(40)).max(50).optional(),
    percent: z.number().min(0.01).max(99.99).multipleOf(0.01).optional(),
  })
  .refine(
    (t) =>
      (t.funderCodes?.length ?? 0) + (t.productCodes?.length ?? 0) > 0 || t.percent !== undefined,
    {
      message: 'name funders, products or a percentage of loans',
    },
  );
export type GrayTargetInput = z.infer<typeof grayTargetInput>;

export const publishInput = z.object({
  versionId: id,
  /** The rule set revision the publisher saw; a stale one is a conflict. */
  expectedRevision: z.number().int().min(0),
  effectiveFrom: z.iso.datetime({ offset: true }).optional(),
  gray: grayTargetInput.optional(),
  reason,
});
export type PublishInput = z.infer<typeof publishInput>;

export const grayActionInput = z.object({
  ruleSetId: id,
  expectedRevision: z.number().int().min(0),
  reason,
});
export type GrayActionInput = z.infer<typeof grayActionInput>;

export const rollbackInput = z.object({
  ruleSetId: id,
  toVersionId: id,
  expectedRevision: z.number().int().min(0),
  reason,
});
export type RollbackInput = z.infer<typeof rollbackInput>;

export const diffInput = z.object({ fromVersionId: id.optional(), toVersionId: id });

export const validateInput = z.object({ kind: z.enum(RULE_KINDS), body: z.unknown() });

export const resolveInput = z.object({
  kind: z.enum(RULE_KINDS),
  orderNo: z.string().min(1).max(64),
  at: z.iso.datetime({ offset: true }).optional(),
});
