import { z } from 'zod';
import { router } from '../../trpc/init';
import { permittedProcedure } from '../../trpc/procedures';
import { loanListInput, orderNo } from './loans.schema';

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

  plan: permittedProcedure('loans.read')
    .input(z.object({ orderNo, version: z.number().int().min(1).optional() }))
    .query(({ ctx, input }) => ctx.services.loans.getPlan(input.orderNo, input.version)),
});
