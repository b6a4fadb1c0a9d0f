// The dashboards' inputs: a range of business dates (at most two years) and a scope.
import { BUSINESS_LINES, daysBetween } from '@repay/rules';
import { z } from 'zod';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const code = z.string().min(1).max(40);
/** Two years of dates: a wider range is a question for an export, not a chart. */
export const MAX_RANGE_DAYS = 731;

/** Without dates: the last 30 days, today included (the service fills them in). */
const range = z.object({ from: date.optional(), to: date.optional() });
const refineRange = <T extends { from?: string; to?: string }>(v: T, ctx: z.RefinementCtx) => {
  if (v.from === undefined || v.to === undefined) return;
  if (v.from > v.to)
    ctx.addIssue({ code: 'custom', message: 'from must not be after to', path: ['from'] });
  else if (daysBetween(v.from, v.to) >= MAX_RANGE_DAYS)
    ctx.addIssue({
      code: 'custom',
      message: `at most ${MAX_RANGE_DAYS} days`,
      path: ['from'],
    });
};

export const collectionsInput = range
  .extend({
    funderCode: code.optional(),
    productCode: code.optional(),
    businessLine: z.enum(BUSINESS_LINES).optional(),
    channel: code.optional(),
    bank: code.optional(),
    window: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time such as 10:00')
      .optional(),
  })
  .strict()
  .superRefine(refineRange);

export const channelsInput = range
  .extend({ channel: code.optional(), bank: code.optional() })
  .strict()
  .superRefine(refineRange);

/** One date's hours (today when none). */
export const channelHoursInput = z
  .object({ date: date.optional(), channel: code.optional(), bank: code.optional() })
  .strict();
