// What the console and the command line send to manage API keys (the same checks for both).
import { z } from 'zod';
import { API_SCOPES } from '@repay/rules';

/** Hours the previous secret keeps working after a rotation: up to 30 days. */
export const MAX_ROTATION_GRACE_HOURS = 720;
export const DEFAULT_ROTATION_GRACE_HOURS = 24;

const distinct = (xs: readonly string[]) => new Set(xs).size === xs.length;

export const apiKeyId = z.string().trim().min(1).max(64);
export const auditReason = z.string().trim().min(2, 'say why').max(500);

export const createApiKeyInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z
    .array(z.enum(API_SCOPES))
    .min(1, 'at least one scope')
    .refine(distinct, 'a scope is listed twice'),
  /** null: every funder, those added later too. */
  funderCodes: z
    .array(z.string().trim().min(1).max(64))
    .min(1, 'at least one funder, or null for every funder')
    .refine(distinct, 'a funder is listed twice')
    .nullable(),
  reason: auditReason,
});
export type CreateApiKeyInput = z.infer<typeof createApiKeyInput>;

export const revokeApiKeyInput = z.strictObject({ keyId: apiKeyId, reason: auditReason });

export const rotateApiKeyInput = z.strictObject({
  keyId: apiKeyId,
  graceHours: z.number().int().min(0).max(MAX_ROTATION_GRACE_HOURS),
  reason: auditReason,
});
