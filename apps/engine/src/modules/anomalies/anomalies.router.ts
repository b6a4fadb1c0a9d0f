import { ANOMALY_KINDS, ANOMALY_STATUSES } from '@repay/rules';
import { z } from 'zod';
import { router } from '../../trpc/init';
import { pageCursor, permittedProcedure } from '../../trpc/procedures';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const id = z.string().regex(/^\d{1,18}$/, 'an anomaly id');

export const anomaliesRouter = router({
  list: permittedProcedure('anomalies.read')
    .input(
      z.object({
        kind: z.enum(ANOMALY_KINDS).optional(),
        status: z.enum(ANOMALY_STATUSES).optional(),
        channel: z.string().max(40).optional(),
        from: date.optional(),
        to: date.optional(),
        orderNo: z.string().max(64).optional(),
        cursor: pageCursor.nullish(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) => ctx.services.anomalies.list(input)),
  get: permittedProcedure('anomalies.read')
    .input(z.object({ id }))
    .query(({ ctx, input }) => ctx.services.anomalies.get(BigInt(input.id))),
  handle: permittedProcedure('anomalies.handle')
    .input(
      z.object({
        id,
        reason: z.string().trim().min(4, 'say how it was handled (at least 4 characters)').max(500),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.services.anomalies.handle(BigInt(input.id), input.reason, ctx.actor),
    ),
});
