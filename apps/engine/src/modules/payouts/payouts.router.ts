// The console's payouts (代付), positions (头寸), remittances (划付), funder accounts and refunds.
import { BANK_CODES, PAYOUT_SOURCES, PAYOUT_STATUSES, REFUND_STATUSES } from '@repay/rules';
import { z } from 'zod';
import { router } from '../../trpc/init';
import { pageCursor, permittedProcedure } from '../../trpc/procedures';
import { payeeInput, positiveYuan, yuanAtLeastZero } from './payouts.schema';

const channelCode = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/);
const reason = z.string().trim().min(2, 'say why').max(500);
const payoutNo = z.string().min(1).max(64);
const date = z.iso.date('a date as YYYY-MM-DD');
const limit = z.number().int().min(1).max(200).default(50);

/** The payout orders list's filters: the console's list and its export (payouts.export.ts). */
export const payoutListFilter = z.object({
  status: z.enum(PAYOUT_STATUSES).optional(),
  source: z.enum(PAYOUT_SOURCES).optional(),
  funderCode: z.string().max(64).optional(),
  channelCode: channelCode.optional(),
  batchId: pageCursor.optional(),
  payoutNo: z.string().max(64).optional(),
  from: date.optional(),
  to: date.optional(),
});

export const payoutsRouter = router({
  list: permittedProcedure('payouts.read')
    .input(payoutListFilter.extend({ limit, cursor: pageCursor.nullish() }))
    .query(({ ctx, input }) => ctx.services.payouts.list(input)),

  get: permittedProcedure('payouts.read')
    .input(z.object({ payoutNo }))
    .query(({ ctx, input }) => ctx.services.payouts.detail(input.payoutNo)),

  /** Settle an order under manual review with the evidence. */
  resolve: permittedProcedure('payouts.handle')
    .input(
      z.object({
        payoutNo,
        outcome: z.enum(['succeeded', 'failed']),
        evidence: z.string().trim().min(2, 'name the evidence').max(500),
        reason,
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.services.payouts.resolveReview(input.payoutNo, input, ctx.actor),
    ),

  /** Withdraw a queued order (nothing was sent). */
  cancel: permittedProcedure('payouts.handle')
    .input(z.object({ payoutNo, reason }))
    .mutation(({ ctx, input }) =>
      ctx.services.payouts.cancelQueued(input.payoutNo, input.reason, ctx.actor),
    ),

  /** Send what the positions allow now (the schedule does it every minute). */
  dispatch: permittedProcedure('payouts.handle').mutation(({ ctx }) =>
    ctx.services.payouts.dispatchQueue(),
  ),

  positions: permittedProcedure('payouts.read').query(({ ctx }) =>
    ctx.services.positions.overview(),
  ),

  movements: permittedProcedure('payouts.read')
    .input(
      z.object({
        channelCode: channelCode.optional(),
        days: z.number().int().min(1).max(90).optional(),
        limit: z.number().int().min(1).max(1000).default(50),
        cursor: pageCursor.nullish(),
      }),
    )
    .query(({ ctx, input }) => ctx.services.positions.movements(input)),

  openAccount: permittedProcedure('positions.manage')
    .input(z.object({ channelCode, buffer: yuanAtLeastZero }))
    .mutation(({ ctx, input }) => ctx.services.positions.open(input, ctx.actor)),

  topUp: permittedProcedure('positions.manage')
    .input(z.object({ channelCode, amount: positiveYuan, reason }))
    .mutation(({ ctx, input }) => ctx.services.positions.topUp(input, ctx.actor)),

  transfer: permittedProcedure('positions.manage')
    .input(z.object({ from: channelCode, to: channelCode, amount: positiveYuan, reason }))
    .mutation(({ ctx, input }) => ctx.services.positions.transfer(input, ctx.actor)),

  setBuffer: permittedProcedure('positions.manage')
    .input(z.object({ channelCode, buffer: yuanAtLeastZero, reason }))
    .mutation(({ ctx, input }) => ctx.services.positions.setBuffer(input, ctx.actor)),

  sync: permittedProcedure('positions.manage')
    .input(z.object({ channelCode }))
    .mutation(({ ctx, input }) => ctx.services.positions.sync(input.channelCode, ctx.actor)),

  batches: permittedProcedure('payouts.read')
    .input(
      z.object({
        funderCode: z.string().max(64).optional(),
        from: date.optional(),
        to: date.optional(),
        limit,
        cursor: pageCursor.nullish(),
      }),
    )
    .query(({ ctx, input }) => ctx.services.remittance.batches(input)),

  /** Make the funders' remittance of a date now (by hand; the schedule makes it at the cut-off). */
  remit: permittedProcedure('remittance.run')
    .input(z.object({ businessDate: date, funderCode: z.string().max(64).optional() }))
    .mutation(({ ctx, input }) =>
      ctx.services.remittance.runDay(input.businessDate, ctx.actor, {
        funderCode: input.funderCode,
      }),
    ),

  payBatchAgain: permittedProcedure('payouts.handle')
    .input(z.object({ batchId: pageCursor }))
    .mutation(({ ctx, input }) => ctx.services.remittance.payAgain(input.batchId, ctx.actor)),

  funderAccounts: permittedProcedure('payouts.read')
    .input(z.object({ funderCode: z.string().max(64).optional() }))
    .query(({ ctx, input }) => ctx.services.remittance.funderAccounts(input.funderCode)),

  addFunderAccount: permittedProcedure('positions.manage')
    .input(
      z.object({
        funderCode: z.string().min(1).max(64),
        bankCode: z.enum(BANK_CODES),
        accountNo: payeeInput.shape.accountNo,
        accountName: payeeInput.shape.name,
        isDefault: z.boolean().default(false),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.remittance.addFunderAccount(input, ctx.actor)),

  setFunderAccount: permittedProcedure('positions.manage')
    .input(z.object({ id: pageCursor, action: z.enum(['make_default', 'disable']) }))
    .mutation(({ ctx, input }) => ctx.services.remittance.setFunderAccount(input, ctx.actor)),

  refunds: permittedProcedure('payouts.read')
    .input(
      z.object({ status: z.enum(REFUND_STATUSES).optional(), limit, cursor: pageCursor.nullish() }),
    )
    .query(({ ctx, input }) => ctx.services.remittance.refunds(input)),

  requestRefund: permittedProcedure('refunds.handle')
    .input(
      z.discriminatedUnion('source', [
        z.object({ source: z.literal('anomaly'), anomalyId: pageCursor, reason }),
        z.object({
          source: z.literal('recon_case'),
          caseId: pageCursor,
          funderCode: z.string().min(1).max(64),
          amount: positiveYuan,
          payee: payeeInput,
          reason,
        }),
      ]),
    )
    .mutation(({ ctx, input }) => ctx.services.remittance.requestRefund(input, ctx.actor)),

  decideRefund: permittedProcedure('refunds.handle')
    .input(z.object({ id: pageCursor, decision: z.enum(['approve', 'reject']), note: reason }))
    .mutation(({ ctx, input }) => ctx.services.remittance.decideRefund(input, ctx.actor)),

  payRefundAgain: permittedProcedure('refunds.handle')
    .input(z.object({ id: pageCursor }))
    .mutation(({ ctx, input }) => ctx.services.remittance.payRefundAgain(input.id, ctx.actor)),
});
