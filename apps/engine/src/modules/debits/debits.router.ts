import {
  BUSINESS_LINES,
  CHANNEL_RESULT_CLASSES,
  DEBIT_OUTCOMES,
  DEBIT_STATUSES,
  RESOLUTION_STATUSES,
} from '@repay/rules';
import { z } from 'zod';
import { router } from '../../trpc/init';
import { permittedProcedure } from '../../trpc/procedures';

const reason = z.string().trim().min(2, 'say why (at least 2 characters)').max(500);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const window = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time such as 10:00');

/** The debit orders list's filters: the console's list and its export (debits.export.ts). */
export const debitOrderFilter = z.object({
  businessDate: date.optional(),
  /** A range of business dates (the reports' drill-down), both ends included. */
  dateFrom: date.optional(),
  dateTo: date.optional(),
  window: window.optional(),
  channel: z.string().max(40).optional(),
  status: z.enum(DEBIT_STATUSES).optional(),
  resultClass: z.enum(CHANNEL_RESULT_CLASSES).optional(),
  funderCode: z.string().max(32).optional(),
  productCode: z.string().max(32).optional(),
  businessLine: z.enum(BUSINESS_LINES).optional(),
  /** The card's bank. */
  bank: z.string().max(40).optional(),
  /** What became of the order, as the reports count it (DEBIT_OUTCOMES). */
  outcome: z.enum(DEBIT_OUTCOMES).optional(),
  /** The channel's raw answer code ('' for none). */
  rawCode: z.string().max(64).optional(),
  /** The installment's first order, or a later one (a retry). */
  attempt: z.enum(['first', 'retry']).optional(),
  orderNo: z.string().max(64).optional(),
  runId: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
});

export const debitsRouter = router({
  /** The business date and time (Asia/Shanghai) by the engine's clock: the form's defaults. */
  now: permittedProcedure('debits.read').query(({ ctx }) => ctx.services.debitsConsole.now()),
  /** Today's deduction slots, with their runs, open and missed ones (the start-run form's). */
  slotsToday: permittedProcedure('debits.read').query(({ ctx }) =>
    ctx.services.debitsConsole.slotsToday(),
  ),
  /** Why each unpaid installment of a loan is (not) taken by a date's windows (today's by default). */
  eligibility: permittedProcedure('debits.read')
    .input(
      z
        .object({
          orderNo: z.string().min(1).max(64),
          date: date.optional(),
          slot: window.optional(),
        })
        .strict(),
    )
    .query(({ ctx, input }) => ctx.services.windowEligibility.loan(input)),
  runs: permittedProcedure('debits.read')
    .input(z.object({ limit: z.number().int().min(1).max(200).default(30) }))
    .query(({ ctx, input }) => ctx.services.debitsConsole.runs(input.limit)),
  startRun: permittedProcedure('debits.run')
    .input(
      z.object({
        date,
        window,
        funderCode: z.string().min(1).max(32).optional(),
        businessLine: z.enum(BUSINESS_LINES).optional(),
        reason,
      }),
    )
    .mutation(({ ctx, input }) => {
      const { reason: why, ...run } = input;
      return ctx.services.debitsConsole.start(run, why, ctx.actor, ctx.user.username);
    }),
  runAction: permittedProcedure('debits.run')
    .input(
      z.object({
        runId: z.string().regex(/^\d{1,18}$/),
        action: z.enum(['pause', 'resume', 'cancel', 'retry']),
        reason,
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.services.debitsConsole.act(BigInt(input.runId), input.action, input.reason, ctx.actor),
    ),
  orders: permittedProcedure('debits.read')
    .input(
      debitOrderFilter.extend({
        cursor: z
          .string()
          .regex(/^\d{1,18}$/)
          .nullish(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) => {
      const { cursor, limit, runId, ...filter } = input;
      return ctx.services.debitsConsole.orders(
        { ...filter, runId: runId ? BigInt(runId) : undefined },
        cursor ?? null,
        limit,
      );
    }),
  order: permittedProcedure('debits.read')
    .input(z.object({ id: z.string().regex(/^\d{1,18}$/) }))
    .query(({ ctx, input }) => ctx.services.debitsConsole.order(BigInt(input.id))),
  queryNow: permittedProcedure('debits.run')
    .input(z.object({ orderKey: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) => ctx.services.debitsConsole.queryNow(input.orderKey, ctx.actor)),
  resolve: permittedProcedure('debits.review')
    .input(
      z.object({
        orderKey: z.string().min(1).max(64),
        outcome: z.enum(['succeeded', 'failed']),
        evidence: z
          .string()
          .trim()
          .min(4, 'name the evidence (statement line, bank reply)')
          .max(500),
        reason,
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.services.debitsConsole.resolve(
        input.orderKey,
        input.outcome,
        input.evidence,
        input.reason,
        ctx.actor,
      ),
    ),
  /** Resolutions of manual review waiting for a second person (or decided ones, by status). */
  resolutions: permittedProcedure('debits.read')
    .input(
      z.object({
        status: z.enum(RESOLUTION_STATUSES).default('pending_approval'),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) => ctx.services.debitsConsole.resolutions(input.status, input.limit)),
  decideResolution: permittedProcedure('debits.review')
    .input(
      z.object({
        resolutionId: z.string().regex(/^\d{1,18}$/),
        approve: z.boolean(),
        note: reason,
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.services.debitsConsole.decideResolution(
        BigInt(input.resolutionId),
        { approve: input.approve, note: input.note },
        ctx.actor,
      ),
    ),
});
