// Wire schemas of the collections over REST: pause, repayments, settlement quotes and
// settling, reschedule (shared with the console's tRPC where noted).
import { z } from 'zod';
import { periodView } from './loans.schema';
import { dateView, instantView, yuanView } from '../../lib/wire';

export const repaymentInput = z.strictObject({
  amount: z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, 'an amount in yuan such as "1000.00"'),
  paidAt: z.iso.datetime({
    offset: true,
    message: 'an ISO instant such as 2026-03-15T10:00:00+08:00',
  }),
  reference: z.string().trim().min(1).max(64),
  method: z.literal('offline'),
});
export const allocationView = z.object({
  period: periodView,
  component: z.string(),
  amount: yuanView,
});
export const repaymentView = z.object({
  repaymentId: z.string(),
  orderNo: z.string(),
  reference: z.string(),
  amount: yuanView,
  paidAt: instantView,
  method: z.string(),
  allocations: z.array(allocationView),
});
const money = yuanView;
export const quoteBreakdownView = z.object({
  principal: money,
  interest: money,
  penalty: money,
  fee: money,
  prepaymentFee: money,
});
export const quoteView = z.object({
  quoteId: z.string(),
  orderNo: z.string(),
  date: dateView,
  amount: money,
  breakdown: quoteBreakdownView,
  expiresAt: instantView,
});
export const settleInput = z.strictObject({
  quoteId: z.string().trim().min(1).max(64),
  method: z.enum(['debit', 'offline']),
  reference: z.string().trim().min(1).max(64),
});
export const settlementView = z.object({
  orderNo: z.string(),
  quoteId: z.string(),
  /** A debit waiting for the channel is `pending`; a failed one reopens the quote (`failed`). */
  status: z.enum(['settled', 'pending', 'failed']),
  amount: money,
  method: z.string(),
  reference: z.string(),
  settledAt: instantView.nullable(),
});
export const pauseInput = z.strictObject({
  reason: z.string().trim().min(1, 'say why').max(200),
  until: z.iso.date('a date as YYYY-MM-DD'),
});

/** Exactly one of newTermMonths (re-amortise) and shiftDays (move the due dates). */
export const rescheduleInput = z
  .object({
    reason: z.string().trim().min(1, 'say why').max(200),
    newTermMonths: z.number().int().min(1).max(600).optional(),
    shiftDays: z.number().int().min(1).max(365).optional(),
    reference: z.string().trim().min(1).max(64).optional(),
  })
  .superRefine((v, ctx) => {
    const given = Number(v.newTermMonths !== undefined) + Number(v.shiftDays !== undefined);
    if (given !== 1)
      ctx.addIssue({
        code: 'custom',
        path: [v.shiftDays !== undefined ? 'shiftDays' : 'newTermMonths'],
        message: 'give either newTermMonths or shiftDays (exactly one)',
      });
  });

/** The console shares rescheduleInput (joined with orderNo); REST refuses unknown fields. */
export const rescheduleRequest = rescheduleInput.strict();

export const toRescheduleChange = (v: z.infer<typeof rescheduleInput>) =>
  v.shiftDays !== undefined
    ? { reason: v.reason, reference: v.reference, shiftDays: v.shiftDays }
    : { reason: v.reason, reference: v.reference, newTermMonths: v.newTermMonths! };
