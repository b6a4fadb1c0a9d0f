// The waivers list's filters: one schema for the console's list (tRPC) and its export (the
// query string of GET /exports/waivers.csv), so both read the same rows.
import { z } from 'zod';

const date = z.iso.date('a date as YYYY-MM-DD');
const text = (max: number) => z.string().trim().min(1).max(max);

export const WAIVER_STATUSES = ['pending_approval', 'applied', 'rejected'] as const;

const shape = {
  orderNo: text(64).optional(),
  status: z.enum(WAIVER_STATUSES).optional(),
  component: z.enum(['penalty', 'fee']).optional(),
  /** The loan's funder. */
  funderCode: text(32).optional(),
  /** Business dates the waivers were asked for, both ends included. */
  from: date.optional(),
  to: date.optional(),
};

function ordered(v: { from?: string; to?: string }, ctx: z.RefinementCtx) {
  if (v.from && v.to && v.to < v.from)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'the end is before the start' });
}

export const waiverFilter = z.strictObject(shape).superRefine(ordered);
export const waiverListInput = z
  .object({
    ...shape,
    limit: z.number().int().min(1).max(200).default(50),
    cursor: z
      .string()
      .regex(/^\d{1,18}$/, 'an id')
      .nullish(),
  })
  .superRefine(ordered);
export type WaiverFilter = z.infer<typeof waiverFilter>;
