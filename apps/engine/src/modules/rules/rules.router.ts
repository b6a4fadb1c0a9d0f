import { z } from 'zod';
import { router } from '../../trpc/init';
import { permittedProcedure } from '../../trpc/procedures';
import { authorKinds, canReview } from './rules.policy';
import {
  createRuleSetInput,
  diffInput,
  grayActionInput,
  listRuleSetsInput,
  publishInput,
  rejectInput,
  reviewInput,
  rollbackInput,
  ruleSetIdInput,
  saveDraftInput,
  validateInput,
  versionIdInput,
} from './rules.schema';
import type { RuleEditor } from './rules.service';

const editorOf = (user: { id: string; role: RuleEditor['role'] }): RuleEditor => ({
  userId: BigInt(user.id),
  role: user.role,
});
const read = permittedProcedure('rules.read');
const write = permittedProcedure('rules.write');

export const rulesRouter = router({
  /** What the signed-in user may do with rules (the console shows buttons accordingly). */
  abilities: read.query(({ ctx }) => ({
    authorKinds: authorKinds(ctx.user.role),
    canReview: canReview(ctx.user.role),
    userId: ctx.user.id,
  })),
  /** Versions waiting for the signed-in reviewer (not their own), with their sets. */
  reviewInbox: read.query(({ ctx }) => ctx.services.rules.reviewInbox(editorOf(ctx.user))),
  list: read
    .input(listRuleSetsInput)
    .query(({ ctx, input }) => ctx.services.rules.listSets(input.kind)),
  get: read
    .input(ruleSetIdInput)
    .query(({ ctx, input }) => ctx.services.rules.getSet(input.ruleSetId)),
  version: read
    .input(versionIdInput)
    .query(({ ctx, input }) => ctx.services.rules.getVersion(input.versionId)),
  diff: read
    .input(diffInput)
    .query(({ ctx, input }) =>
      ctx.services.rules.diffVersions(input.fromVersionId, input.toVersionId),
    ),
  validate: read
    .input(validateInput)
    .query(({ ctx, input }) => ctx.services.rules.validate(input.kind, input.body)),
  /** The rule versions that govern a loan now, kind by kind. */
  forLoan: read
    .input(z.object({ orderNo: z.string().min(1).max(64) }))
    .query(async ({ ctx, input }) => {
      const loan = await ctx.services.loans.getLoan(input.orderNo);
      return ctx.services.ruleResolver.inForce({
        businessLine: loan.businessLine,
        funderCode: loan.funderCode,
        productCode: loan.productCode,
        loanKey: loan.orderNo,
      });
    }),
  simulate: read
    .input(z.object({ versionId: versionIdInput.shape.versionId, date: z.iso.date().optional() }))
    .query(({ ctx, input }) => ctx.services.ruleSimulator.simulate(input)),

  create: write
    .input(createRuleSetInput)
    .mutation(({ ctx, input }) => ctx.services.rules.createSet(input, editorOf(ctx.user))),
  saveDraft: write
    .input(saveDraftInput)
    .mutation(({ ctx, input }) => ctx.services.rules.saveDraft(input, editorOf(ctx.user))),
  /** Discard a draft or a rejected version (abandoned, kept in the history). */
  discardDraft: write
    .input(rejectInput)
    .mutation(({ ctx, input }) =>
      ctx.services.rules.discardDraft(input.versionId, editorOf(ctx.user), input.note),
    ),
  submit: write
    .input(reviewInput)
    .mutation(({ ctx, input }) =>
      ctx.services.rules.submit(input.versionId, editorOf(ctx.user), input.note),
    ),
  approve: write
    .input(reviewInput)
    .mutation(({ ctx, input }) =>
      ctx.services.rules.approve(input.versionId, editorOf(ctx.user), input.note),
    ),
  reject: write
    .input(rejectInput)
    .mutation(({ ctx, input }) =>
      ctx.services.rules.reject(input.versionId, editorOf(ctx.user), input.note),
    ),
  publish: write
    .input(publishInput)
    .mutation(({ ctx, input }) => ctx.services.rules.publish(input, editorOf(ctx.user))),
  promote: write
    .input(grayActionInput)
    .mutation(({ ctx, input }) => ctx.services.rules.promote(input, editorOf(ctx.user))),
  abandon: write
    .input(grayActionInput)
    .mutation(({ ctx, input }) => ctx.services.rules.abandon(input, editorOf(ctx.user))),
  rollback: write
    .input(rollbackInput)
    .mutation(({ ctx, input }) => ctx.services.rules.rollback(input, editorOf(ctx.user))),
});
