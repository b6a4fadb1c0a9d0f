import { z } from 'zod';
import { router } from '../../trpc/init';
import { permittedProcedure } from '../../trpc/procedures';
import { rescheduleInput, toRescheduleChange } from './collections.schema';
import { loanListInput, orderNo } from './loans.schema';
import { waiverListInput } from './waivers.schema';

export const loansRouter = router({
  list: permittedProcedure('loans.read')
    .input(loanListInput)
    .query(({ ctx, input }) => ctx.services.loans.listLoans(input)),

  get: permittedProcedure('loans.read')
    .input(z.object({ orderNo }))
    .query(({ ctx, input }) => ctx.services.loans.getLoanDetail(input.orderNo)),

  pause: permittedProcedure('loans.collect')
    .input(
      z.object({
        orderNo,
        reason: z.string().trim().min(1, 'say why').max(200),
        until: z.iso.date('a date as YYYY-MM-DD'),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.services.loans.pause(
        input.orderNo,
        { reason: input.reason, until: input.until },
        ctx.actor,
      ),
    ),

  resume: permittedProcedure('loans.collect')
    .input(z.object({ orderNo }))
    .mutation(({ ctx, input }) => ctx.services.loans.resume(input.orderNo, ctx.actor)),

  planVersions: permittedProcedure('loans.read')
    .input(z.object({ orderNo }))
    .query(({ ctx, input }) => ctx.services.reschedule.versions(input.orderNo)),

  reschedule: permittedProcedure('loans.reschedule')
    .input(z.object({ orderNo }).and(rescheduleInput))
    .mutation(async ({ ctx, input }) => {
      const result = await ctx.services.reschedule.reschedule(
        input.orderNo,
        toRescheduleChange(input),
        ctx.actor,
      );
      return ctx.services.loans.getPlan(input.orderNo, result.version);
    }),

  /** Offline repayments, events sent and the audit trail of one loan. */
  history: permittedProcedure('loans.read')
    .input(z.object({ orderNo }))
    .query(({ ctx, input }) => ctx.services.loanHistory.of(input.orderNo)),

  waivers: permittedProcedure('loans.read')
    .input(waiverListInput)
    .query(({ ctx, input }) => ctx.services.waivers.list(input)),

  /** Waive penalty or fees (whole: no amount); above the fee rule's limit it waits for approval. */
  waive: permittedProcedure('loans.waive')
    .input(
      z.object({
        orderNo,
        requestKey: z.string().trim().min(8).max(64),
        component: z.enum(['penalty', 'fee']),
        amount: z
          .string()
          .regex(/^\d{1,12}(\.\d{1,2})?$/, 'an amount in yuan such as "100.00"')
          .refine((v) => Number(v) > 0, 'must be above zero')
          .optional(),
        period: z.number().int().min(1).optional(),
        reason: z.string().trim().min(1, 'say why').max(200),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { orderNo: loan, ...waiver } = input;
      return (await ctx.services.waivers.request(loan, waiver, ctx.actor)).waiver;
    }),

  decideWaiver: permittedProcedure('loans.waive.approve')
    .input(
      z.object({
        waiverId: z.string().min(1).max(64),
        approve: z.boolean(),
        note: z.string().trim().min(1, 'say why').max(200),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.services.waivers.decide(
        input.waiverId,
        { approve: input.approve, note: input.note },
        ctx.actor,
      ),
    ),

  /** An early settlement quote (written: it locks the amount until the end of its date). */
  settlementQuote: permittedProcedure('loans.quote')
    .input(z.object({ orderNo, date: z.iso.date('a date as YYYY-MM-DD').optional() }))
    .mutation(({ ctx, input }) =>
      ctx.services.settlement.quote(input.orderNo, input.date, ctx.actor),
    ),

  settle: permittedProcedure('loans.receive')
    .input(
      z.object({
        orderNo,
        quoteId: z.string().trim().min(1).max(64),
        /** offline: the money arrived (bank reference); debit: take it from the bound card. */
        method: z.enum(['offline', 'debit']).default('offline'),
        reference: z.string().trim().min(1, 'the bank reference of the payment').max(64),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await ctx.services.settlement.settle(
        input.orderNo,
        { quoteId: input.quoteId, method: input.method, reference: input.reference },
        ctx.actor,
      );
      return result.settlement;
    }),

  recordRepayment: permittedProcedure('loans.receive')
    .input(
      z.object({
        orderNo,
        amount: z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, 'an amount in yuan such as "1000.00"'),
        paidAt: z.iso.datetime({ offset: true, message: 'an instant with its offset' }),
        reference: z.string().trim().min(1, 'the bank reference of the payment').max(64),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { orderNo: loan, ...repayment } = input;
      const result = await ctx.services.repayments.record(
        loan,
        { ...repayment, method: 'offline' },
        ctx.actor,
      );
      return result.repayment;
    }),

  plan: permittedProcedure('loans.read')
    .input(z.object({ orderNo, version: z.number().int().min(1).optional() }))
    .query(({ ctx, input }) => ctx.services.loans.getPlan(input.orderNo, input.version)),
});
