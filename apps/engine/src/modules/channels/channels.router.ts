import { CHANNEL_STATUSES } from '@repay/rules';
import { z } from 'zod';
import { router } from '../../trpc/init';
import { permittedProcedure } from '../../trpc/procedures';
import { channelHistoryInput } from '../audit';
import { channelConfigInput } from './channels.schema';

export const channelsRouter = router({
  list: permittedProcedure('channels.read').query(({ ctx }) =>
    ctx.services.channelRegistry.overview(),
  ),
  setStatus: permittedProcedure('channels.write')
    .input(
      z.object({
        code: z.string().min(1).max(40),
        status: z.enum(CHANNEL_STATUSES),
        reason: z.string().trim().min(2, 'say why (at least 2 characters)').max(500),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.services.channelRegistry.setStatus(input.code, input.status, input.reason, ctx.actor),
    ),
  updateConfig: permittedProcedure('channels.write')
    .input(channelConfigInput)
    .mutation(({ ctx, input }) => ctx.services.channelRegistry.updateConfig(input, ctx.actor)),
  resetCircuit: permittedProcedure('channels.write')
    .input(
      z.object({
        code: z.string().min(1).max(40),
        reason: z.string().trim().min(2, 'say why (at least 2 characters)').max(500),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.services.channelHealth.resetCircuit(input.code, input.reason, ctx.actor),
    ),
  health: permittedProcedure('channels.read')
    .input(
      z.object({
        code: z.string().min(1).max(40),
        minutes: z
          .number()
          .int()
          .min(5)
          .max(7 * 24 * 60)
          .default(120),
      }),
    )
    .query(({ ctx, input }) => ctx.services.channelHealth.series(input.code, input.minutes)),
  /** 通道配置历史: status switches, configuration changes and circuit moves, from the audit log. */
  history: permittedProcedure('channels.read')
    .input(channelHistoryInput)
    .query(({ ctx, input }) => ctx.services.auditTrail.channelHistory(input)),
  decisions: permittedProcedure('channels.read')
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) => ctx.services.channelRouting.recentDecisions(input.limit)),
  forLoan: permittedProcedure('loans.read')
    .input(z.object({ orderNo: z.string().min(1).max(64) }))
    .query(({ ctx, input }) => ctx.services.cards.agreementsOfLoan(input.orderNo)),
});
