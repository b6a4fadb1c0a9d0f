// Wire schemas of docs/api.md "Loans": shared by REST (and its OpenAPI document) and tRPC.
import { z } from 'zod';
import {
  BUSINESS_LINES as businessLines,
  CHANNEL_RESULT_CLASSES,
  CHINESE_ID_NO_PATTERN,
  CHINESE_MOBILE_PATTERN,
  DEBIT_STATUSES,
  INSTALLMENT_STATUSES as installmentStatuses,
  isValidCardNo,
  isValidChineseIdNo,
  isValidDate,
  LOAN_STATUSES as loanStatuses,
  PAYMENT_TIMINGS as paymentTimings,
  REPAYMENT_METHODS as repaymentMethods,
} from '@repay/rules';
import { dateView, instantView, yuanView } from '../../lib/wire';

export {
  BUSINESS_LINES as businessLines,
  INSTALLMENT_STATUSES as installmentStatuses,
  LOAN_STATUSES as loanStatuses,
  PAYMENT_TIMINGS as paymentTimings,
  REPAYMENT_METHODS as repaymentMethods,
} from '@repay/rules';

export const yuanString = z
  .string()
  .regex(
    /^\d{1,13}(\.\d{1,2})?$/,
    'must be a yuan amount with at most two decimals, e.g. "100000.00"',
  );
export const positiveYuan = yuanString.refine((s) => /[1-9]/.test(s), 'must be greater than zero');
export const rateString = z
  .string()
  .regex(/^0(\.\d{1,8})?$/, 'must be a decimal rate in [0, 1), e.g. "0.12"');
export const businessDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(isValidDate, 'is not a calendar date')
  .meta({ format: 'date' });
export const orderNo = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, _ . -')
  .describe("the upstream system's business order number");
export const referenceCode = z
  .string()
  .regex(/^[A-Z0-9-]{2,32}$/, 'must be 2-32 upper-case letters, digits or -');

const invalidIdNo = 'is not a valid resident ID number (18 characters with checksum)';

// REST request bodies are strict objects: an unknown field is refused, not dropped.
export const borrowerInput = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(64),
  idNo: z
    .string()
    .regex(CHINESE_ID_NO_PATTERN, invalidIdNo)
    .transform((s) => s.toUpperCase())
    .refine(isValidChineseIdNo, invalidIdNo),
  mobile: z.string().regex(CHINESE_MOBILE_PATTERN, 'is not a valid mainland mobile number'),
});

export const cardInput = z.strictObject({
  cardNo: z
    .string()
    .regex(/^\d{12,19}$/, 'must be 12-19 digits')
    .refine(isValidCardNo, 'is not a valid card number (check digit)'),
  bankCode: z.string().regex(/^[A-Z]{2,10}$/, 'must be a bank code such as ICBC'),
});

export const createLoanInput = z
  .strictObject({
    orderNo,
    businessLine: z.enum(businessLines),
    funderCode: referenceCode,
    productCode: referenceCode,
    principal: positiveYuan,
    annualRate: rateString,
    termMonths: z.number().int('must be a whole number').min(1, 'must be at least 1').max(600),
    repaymentMethod: z.enum(repaymentMethods),
    startDate: businessDate,
    firstDueDate: businessDate.optional(),
    residualValue: yuanString.optional(),
    paymentTiming: z.enum(paymentTimings).optional(),
    borrower: borrowerInput,
    card: cardInput.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.firstDueDate && input.firstDueDate <= input.startDate) {
      ctx.addIssue({ code: 'custom', path: ['firstDueDate'], message: 'must be after startDate' });
    }
  });

export type CreateLoanInput = z.infer<typeof createLoanInput>;

// Answers: shapes for the OpenAPI document (services build them; nothing parses them).
/** Periods count from 1; a term is at most 600 months. */
export const periodView = z.number().int().min(1).max(600);
const dayCount = z.number().int().min(0).max(2_147_483_647);
const money = yuanView;

export const installmentView = z.object({
  period: periodView,
  dueDate: dateView,
  principal: money,
  interest: money,
  fee: money,
  penalty: money,
  total: money,
  paid: money,
  status: z.enum(installmentStatuses),
  overdueDays: dayCount,
});

/** Plan versions are a 32-bit integer column. */
export const planVersionMax = 2_147_483_647;
const planVersionNumber = z.number().int().min(1).max(planVersionMax);
export const planTotalsView = z.object({ principal: money, interest: money, total: money });
export const planView = z.object({
  version: planVersionNumber,
  installments: z.array(installmentView),
  totals: planTotalsView,
});

export const loanPauseView = z.object({ reason: z.string(), until: dateView });
export const pausedView = loanPauseView.nullable();
export const maskedBorrowerView = z.object({
  name: z.string().describe('masked, e.g. 张*'),
  idNo: z.string().describe('masked, e.g. 110101********1233'),
  mobile: z.string().describe('masked, e.g. 138****8000'),
});

export const loanView = z.object({
  orderNo: z.string(),
  status: z.enum(loanStatuses),
  funderCode: z.string(),
  productCode: z.string(),
  businessLine: z.enum(businessLines),
  principal: money,
  outstandingPrincipal: money,
  paused: pausedView,
  borrower: maskedBorrowerView,
  plan: planView,
});

export type InstallmentView = z.infer<typeof installmentView>;
export type PlanView = z.infer<typeof planView>;
export type LoanView = z.infer<typeof loanView>;

export const planVersionView = planView.extend({
  orderNo: z.string(),
  current: z.boolean(),
  reason: z.string().nullable(),
  createdAt: instantView,
});

export const debitView = z.object({
  debitId: z.string(),
  period: periodView,
  amount: money,
  channel: z.string().nullable(),
  status: z.enum(DEBIT_STATUSES),
  resultClass: z.enum(CHANNEL_RESULT_CLASSES).nullable(),
  rawCode: z.string().nullable(),
  rawMessage: z.string().nullable(),
  businessDate: dateView,
  window: z.string().nullable(),
  createdAt: instantView,
  finishedAt: instantView.nullable(),
});
export const debitListView = z.object({ debits: z.array(debitView) });

export const loanListInput = z.object({
  orderNo: z.string().trim().max(64).optional(),
  funderCode: z.string().optional(),
  productCode: z.string().optional(),
  businessLine: z.enum(businessLines).optional(),
  status: z.enum(loanStatuses).optional(),
  /** Active loans with an installment past due (逾期), or with none. */
  delinquency: z.enum(['overdue', 'current']).optional(),
  dueFrom: businessDate.optional(),
  dueTo: businessDate.optional(),
  cursor: z.string().nullish(),
  limit: z.number().int().min(1).max(100).default(20),
});
export type LoanListInput = z.infer<typeof loanListInput>;
