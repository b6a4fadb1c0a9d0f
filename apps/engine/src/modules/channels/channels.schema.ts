// REST inputs of card binding (docs/api.md, Cards).
import { BANK_CODES, CHINESE_MOBILE_PATTERN, isValidCardNo, yuanToFen } from '@repay/rules';
import { z } from 'zod';

// REST request bodies are strict objects: an unknown field is refused, not dropped.
export const bindCardInput = z.strictObject({
  orderNo: z.string().min(1).max(64),
  cardNo: z
    .string()
    .regex(/^\d{12,19}$/, 'a bank card number of 12–19 digits')
    .refine(isValidCardNo, 'not a valid card number (check digit)'),
  bankCode: z.enum(BANK_CODES),
  mobile: z.string().regex(CHINESE_MOBILE_PATTERN, 'a mainland mobile number'),
});
export type BindCardInput = z.infer<typeof bindCardInput>;

export const bindingIdParams = z.object({
  bindingId: z
    .string()
    .regex(/^bnd_\d{1,18}$/, 'a binding id such as bnd_42')
    .describe('the bindingId answered by bindCard'),
});
export const confirmBindingInput = z.strictObject({
  smsCode: z.string().regex(/^\d{4,8}$/, '4 to 8 digits'),
});

export const channelAgreementView = z.object({ channel: z.string(), status: z.string() });
export const bindingView = z.object({
  bindingId: z.string(),
  status: z.enum(['sms_sent', 'bound', 'failed']),
  agreements: z.array(channelAgreementView).optional(),
});

const yuan = z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, 'an amount in yuan such as "50000.00"');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:mm');

/** The console's channel configuration form: limits in yuan, checked as a whole. */
const bankLimits = z
  .array(z.object({ bankCode: z.enum(BANK_CODES), singleLimit: yuan, dailyLimit: yuan }))
  .min(1, 'at least one bank')
  .max(40)
  .superRefine((banks, ctx) => {
    const seen = new Set<string>();
    banks.forEach((b, i) => {
      if (seen.has(b.bankCode))
        ctx.addIssue({
          code: 'custom',
          path: [i, 'bankCode'],
          message: `${b.bankCode} is listed twice`,
        });
      seen.add(b.bankCode);
      const single = yuanToFen(b.singleLimit);
      if (single === 0n)
        ctx.addIssue({ code: 'custom', path: [i, 'singleLimit'], message: 'must be above 0' });
      else if (single > yuanToFen(b.dailyLimit))
        ctx.addIssue({
          code: 'custom',
          path: [i, 'singleLimit'],
          message: 'the single limit is above the daily limit',
        });
    });
  });

/** The console's channel configuration form: limits in yuan; every problem reported at once. */
export const channelConfigInput = z.object({
  code: z.string().min(1).max(40),
  name: z.string().trim().min(1).max(40),
  banks: bankLimits,
  costPerTxn: yuan,
  maxConcurrency: z.number().int().min(1).max(1000),
  ratePerSecond: z.number().int().min(1).max(10_000),
  timeoutMs: z.number().int().min(1000).max(120_000),
  maintenance: z
    .array(z.object({ start: hhmm, end: hhmm }))
    .max(10)
    .superRefine((windows, ctx) =>
      windows.forEach((w, i) => {
        if (w.start === w.end)
          ctx.addIssue({ code: 'custom', path: [i, 'end'], message: 'the end equals the start' });
      }),
    ),
  reason: z.string().trim().min(2, 'say why (at least 2 characters)').max(500),
});
export type ChannelConfigInput = z.infer<typeof channelConfigInput>;

// No check digit here: unbinding names a card already stored, which may predate the check.
export const unbindCardInput = z.strictObject({
  orderNo: z.string().min(1).max(64),
  cardNo: z.string().regex(/^\d{12,19}$/, 'a bank card number of 12–19 digits'),
});
export type UnbindCardInput = z.infer<typeof unbindCardInput>;
export const unbindAgreementView = z.object({
  channel: z.string(),
  status: z.string(),
  channelResult: z.string(),
});
export const unbindView = z.object({
  status: z.literal('unbound'),
  agreements: z.array(unbindAgreementView),
});
