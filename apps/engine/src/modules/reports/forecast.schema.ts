// 预测 (forecast): the coming days under the published window and fee rules, in a scope.
import { BUSINESS_LINES } from '@repay/rules';
import { z } from 'zod';

const code = z.string().min(1).max(40);
/** A week by default; at most a fortnight (beyond it the book will have changed too much). */
export const FORECAST_DAYS = 7;
export const MAX_FORECAST_DAYS = 14;

export const forecastInput = z
  .object({
    days: z.number().int().min(1).max(MAX_FORECAST_DAYS).optional(),
    funderCode: code.optional(),
    productCode: code.optional(),
    businessLine: z.enum(BUSINESS_LINES).optional(),
  })
  .strict();
export type ForecastInput = z.infer<typeof forecastInput>;
