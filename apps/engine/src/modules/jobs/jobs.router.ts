// The console's jobs (任务) and the sandbox's business clock. Starting a job needs jobs.run and
// the job's own permission (checked by the service); moving the clock needs clock.move and
// sandbox mode.
import { JOB_RUN_STATUSES, JOB_RUN_TRIGGERS } from '@repay/rules';
import { z } from 'zod';
import { router } from '../../trpc/init';
import { pageCursor, permittedProcedure } from '../../trpc/procedures';

const businessDate = z.iso.date('a date as YYYY-MM-DD');
const runId = z.string().regex(/^\d{1,18}$/, 'a run id');
const reason = z.string().trim().max(500).optional();

export const jobsRouter = router({
  list: permittedProcedure('jobs.read').query(({ ctx }) => ctx.services.jobs.list(ctx.user)),
  runs: permittedProcedure('jobs.read')
    .input(
      z.strictObject({
        job: z.string().min(1).max(64).optional(),
        status: z.enum(JOB_RUN_STATUSES).optional(),
        trigger: z.enum(JOB_RUN_TRIGGERS).optional(),
        from: businessDate.optional(),
        to: businessDate.optional(),
        parentId: runId.optional(),
        cursor: pageCursor.nullish(),
        limit: z.number().int().min(1).max(100).default(20),
      }),
    )
    .query(({ ctx, input }) => ctx.services.jobs.runs(input)),
  run: permittedProcedure('jobs.read')
    .input(z.strictObject({ runId }))
    .query(({ ctx, input }) => ctx.services.jobs.run(input.runId)),
  start: permittedProcedure('jobs.run')
    .input(
      z.strictObject({
        job: z.string().min(1).max(64),
        params: z.record(z.string(), z.unknown()).default({}),
        reason,
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.services.jobs.start(input.job, input.params, ctx.user, input.reason ?? null),
    ),
  retry: permittedProcedure('jobs.run')
    .input(z.strictObject({ runId, reason }))
    .mutation(({ ctx, input }) =>
      ctx.services.jobs.retry(input.runId, ctx.user, input.reason ?? null),
    ),
});

export const clockRouter = router({
  get: permittedProcedure('dashboard.read').query(({ ctx }) => ctx.services.businessClock.state()),
  advance: permittedProcedure('clock.move')
    .input(
      z.strictObject({
        days: z.number().int().optional(),
        to: businessDate.optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.businessClock.advance(input, ctx.user)),
});
