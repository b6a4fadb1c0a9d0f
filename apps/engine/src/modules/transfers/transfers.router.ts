import { TRANSFER_STATUSES } from '@repay/rules';
import { z } from 'zod';
import { router } from '../../trpc/init';
import { pageCursor, permittedProcedure } from '../../trpc/procedures';
import { transferInput } from './transfers.rest';

export const transfersRouter = router({
  list: permittedProcedure('transfers.read')
    .input(
      z.object({
        status: z.enum(TRANSFER_STATUSES).optional(),
        funderCode: z.string().optional(),
        limit: z.number().int().min(1).max(200).default(50),
        cursor: pageCursor.nullish(),
      }),
    )
    .query(({ ctx, input }) => ctx.services.transfers.list(input)),

  get: permittedProcedure('transfers.read')
    .input(z.object({ transferId: z.string().min(1).max(64) }))
    .query(({ ctx, input }) => ctx.services.transfers.get(input.transferId)),

  ofLoan: permittedProcedure('transfers.read')
    .input(z.object({ orderNo: z.string().min(1).max(64) }))
    .query(({ ctx, input }) => ctx.services.transfers.historyOf(input.orderNo)),

  receivables: permittedProcedure('transfers.read').query(({ ctx }) =>
    ctx.services.transfers.receivables(),
  ),

  create: permittedProcedure('transfers.write')
    .input(transferInput)
    .mutation(
      async ({ ctx, input }) => (await ctx.services.transfers.request(input, ctx.actor)).transfer,
    ),

  /** A transfer an API key backdated too far: approve (it completes) or reject, with a reason. */
  decide: permittedProcedure('transfers.approve')
    .input(
      z.object({
        transferId: z.string().min(1).max(64),
        approve: z.boolean(),
        reason: z.string().trim().min(2, 'say why').max(500),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.services.transfers.decide(input.transferId, input.approve, input.reason, ctx.actor),
    ),
});
