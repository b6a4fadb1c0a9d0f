// REST inputs of card binding (API.md, Cards).
import { BANK_CODES } from '@repay/rules';
import { z } from 'zod';

export const bindCardInput = z.object({
  orderNo: z.string().min(1).max(64),
  cardNo: z.string().regex(/^\d{12,19}$/, 'a bank card number of 12–19 digits'),
  bankCode: z.enum(BANK_CODES),
  mobile: z.string().regex(/^1[3-9]\d{9}$/, 'a mainland mobile number'),
});
export type BindCardInput = z.infer<typeof bindCardInput>;

export const bindingIdParams = z.object({
  bindingId: z.string().regex(/^bnd_\d{1,18}$/, 'a binding id such as bnd_42'),
});
export const confirmBindingInput = z.object({
  smsCode: z.string().regex(/^\d{4,8}$/, '4 to 8 digits'),
});

export const bindingView = z.object({
  bindingId: z.string(),
  status: z.enum(['sms_sent', 'bound', 'failed']),
  agreements: z.array(z.object({ channel: z.string(), status: z.string() })).optional(),
});
