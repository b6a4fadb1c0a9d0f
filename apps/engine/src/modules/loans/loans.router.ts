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

  plan: permittedProcedure('loans.read')
    .input(z.object({ orderNo, version: z.number().int().min(1).optional() }))
    .query(({ ctx, input }) => ctx.services.loans.getPlan(input.orderNo, input.version)),
});
