// 罚息计提's filters: one schema for the console's list (tRPC) and its export (the query string
// of GET /exports/fee-accruals.csv), so both read the same rows.
import { ACCRUED_CHARGE_TYPES, DELINQUENCY_BUCKETS } from '@repay/rules';
import { z } from 'zod';

const date = z.iso.date('a date as YYYY-MM-DD');
const text = (max: number) => z.string().trim().min(1).max(max);

const shape = {
  /** Business dates accrued, both ends included. */
  from: date.optional(),
  to: date.optional(),
  orderNo: text(64).optional(),
  funderCode: text(32).optional(),
  /** The loan's delinquency bucket now. */
  bucket: z.enum(DELINQUENCY_BUCKETS).optional(),
  chargeType: z.enum(ACCRUED_CHARGE_TYPES).optional(),
};

function ordered(v: { from?: string; to?: string }, ctx: z.RefinementCtx) {
  if (v.from && v.to && v.to < v.from)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'the end is before the start' });
}

export const accrualFilter = z.strictObject(shape).superRefine(ordered);
export const accrualListInput = z
  .strictObject({
    ...shape,
    cursor: z
      .string()
      .regex(/^\d{1,18}$/, 'an id')
      .nullish(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .superRefine(ordered);
export type AccrualFilter = z.infer<typeof accrualFilter>;
