import { DELINQUENCY_BUCKETS } from '@repay/rules';
import { z } from 'zod';
import { router } from '../../trpc/init';
import { pageCursor, permittedProcedure } from '../../trpc/procedures';
import { accrualListInput } from './accruals.schema';

export const overdueRouter = router({
  summary: permittedProcedure('overdue.read').query(({ ctx }) =>
    ctx.services.overdueConsole.summary(),
  ),
  runs: permittedProcedure('overdue.read')
    .input(z.object({ limit: z.number().int().min(1).max(366).default(60) }))
    .query(({ ctx, input }) => ctx.services.overdueConsole.runs(input.limit)),
  loans: permittedProcedure('overdue.read')
    .input(
      z.object({
        bucket: z.enum(DELINQUENCY_BUCKETS).optional(),
        cursor: pageCursor.nullish(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) =>
      ctx.services.overdueConsole.loans(input.bucket ?? null, input.cursor ?? null, input.limit),
    ),
  accruals: permittedProcedure('overdue.read')
    .input(z.object({ orderNo: z.string().min(1).max(64) }))
    .query(({ ctx, input }) => ctx.services.overdueConsole.accrualsOf(input.orderNo)),
  /** 罚息计提: accrual rows of every loan under the filters. */
  accrualList: permittedProcedure('overdue.read')
    .input(accrualListInput)
    .query(({ ctx, input }) => ctx.services.overdueConsole.accrualList(input)),
  accrue: permittedProcedure('overdue.run')
    .input(
      z.object({
        date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD'),
        reason: z.string().trim().min(2, 'say why (at least 2 characters)').max(500),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.services.overdueConsole.accrueByHand(
        input.date,
        input.reason,
        ctx.actor,
        ctx.user.username,
      ),
    ),
});
