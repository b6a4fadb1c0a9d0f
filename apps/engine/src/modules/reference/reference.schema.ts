import { z } from 'zod';
import {
  ACTIVE_STATUSES,
  BUSINESS_LINES,
  DAY_COUNTS,
  FUNDER_TYPES,
  REPAYMENT_METHODS,
} from '@repay/rules';

const code = z.string().regex(/^[A-Z0-9-]{2,32}$/, 'must be 2-32 upper-case letters, digits or -');
const name = z.string().trim().min(1, 'is required').max(100);

const funderTypes = FUNDER_TYPES;
const referenceStatuses = ACTIVE_STATUSES;
const dayCounts = DAY_COUNTS;

export const createFunderInput = z.object({ code, name, type: z.enum(funderTypes) });
export const updateFunderInput = z.object({
  code,
  name: name.optional(),
  type: z.enum(funderTypes).optional(),
  status: z.enum(referenceStatuses).optional(),
});

export const createProductInput = z.object({
  code,
  name,
  businessLine: z.enum(BUSINESS_LINES),
  repaymentMethod: z.enum(REPAYMENT_METHODS),
  dayCount: z.enum(dayCounts).default('30/360'),
  graceDays: z.number().int().min(0).max(90).default(0),
  allowPartial: z.boolean().default(true),
});
export const updateProductInput = createProductInput
  .omit({ code: true })
  .partial()
  .extend({ code, status: z.enum(referenceStatuses).optional() });

export type CreateFunderInput = z.infer<typeof createFunderInput>;
export type UpdateFunderInput = z.infer<typeof updateFunderInput>;
export type CreateProductInput = z.infer<typeof createProductInput>;
export type UpdateProductInput = z.infer<typeof updateProductInput>;

/** An all-in annual ceiling: a decimal above 0 and at most 1, e.g. "0.36". */
const ceilingRate = z
  .string()
  .regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/, 'must be an annual rate such as "0.36"')
  .refine((v) => Number(v) > 0, 'must be above 0');

export const updateBusinessLineInput = z.object({
  code: z.enum(BUSINESS_LINES),
  allInAnnualCeiling: ceilingRate,
  reason: z.string().trim().min(2, 'say why (at least 2 characters)').max(500),
});
export type UpdateBusinessLineInput = z.infer<typeof updateBusinessLineInput>;
