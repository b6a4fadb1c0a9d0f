// The risk and money dashboards' inputs: a range of business dates (as the other reports) and
// the scope each can be narrowed to.
import { BUSINESS_LINES } from '@repay/rules';
import { z } from 'zod';
import { MAX_RANGE_DAYS } from './reports.schema';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const code = z.string().min(1).max(40);

const refineRange = (v: { from?: string; to?: string }, ctx: z.RefinementCtx) => {
  if (v.from !== undefined && v.to !== undefined && v.from > v.to)
    ctx.addIssue({ code: 'custom', message: 'from must not be after to', path: ['from'] });
};

/** 风险: funder, product and business line (the loan's). */
export const riskInput = z
  .object({
    from: date.optional(),
    to: date.optional(),
    funderCode: code.optional(),
    productCode: code.optional(),
    businessLine: z.enum(BUSINESS_LINES).optional(),
  })
  .strict()
  .superRefine(refineRange);

/** 资金: a funder (the money's accounts belong to one). */
export const moneyInput = z
  .object({ from: date.optional(), to: date.optional(), funderCode: code.optional() })
  .strict()
  .superRefine(refineRange);

export { MAX_RANGE_DAYS };
