// Wire schemas of payouts, shared by REST (docs/api.md "Payouts"), OpenAPI and the console.
import { API_PAYOUT_PURPOSES, BANK_CODES, PAYOUT_STATUSES } from '@repay/rules';
import { z } from 'zod';
import { nameSchemas } from '../../http/rest/route';
import { instantView, yuanView } from '../../lib/wire';

/** A positive yuan amount with at most two decimals. */
export const positiveYuan = z
  .string()
  .regex(/^\d{1,12}(\.\d{1,2})?$/, 'a yuan amount such as "50000.00"')
  .refine((v) => /[1-9]/.test(v), 'must be above zero');
export const yuanAtLeastZero = z
  .string()
  .regex(/^\d{1,12}(\.\d{1,2})?$/, 'a yuan amount such as "1000.00"');

export const payeeInput = z.strictObject({
  name: z.string().trim().min(1).max(60),
  accountNo: z.string().regex(/^\d{8,30}$/, '8 to 30 digits'),
  bankCode: z.enum(BANK_CODES),
});

export const payoutRequest = z.strictObject({
  payoutNo: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, "_" or "-", at most 64'),
  funderCode: z.string().trim().min(1).max(64),
  purpose: z.enum(API_PAYOUT_PURPOSES),
  amount: positiveYuan,
  payee: payeeInput,
  memo: z.string().max(200).optional(),
});

export const payoutView = z.object({
  payoutNo: z.string(),
  status: z
    .enum(PAYOUT_STATUSES)
    .describe(
      'queued: waiting for a position that covers it; submitted; pending (unknown: queried, never sent again); succeeded; failed; manual_review',
    ),
  amount: yuanView,
  channel: z.string().nullable(),
  createdAt: instantView,
});

export const payoutDetailView = payoutView.extend({
  resultClass: z.string().nullable(),
  rawCode: z.string().nullable(),
  finishedAt: instantView.nullable(),
});

nameSchemas({
  Payee: payeeInput,
  CreatePayoutRequest: payoutRequest,
  Payout: payoutView,
  PayoutDetail: payoutDetailView,
});
