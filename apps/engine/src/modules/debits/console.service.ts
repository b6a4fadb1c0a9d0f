// The debits console: runs with live progress and the actions on them, debit orders with
// filters, one order's whole story, and the manual review queue (a success above the approval
// limit is proposed and approved by a second finance user). Every action is audited.
import { fenToYuan, timeOfDayIn } from '@repay/rules';
import { BUSINESS_TIME_ZONE, type Clock } from '../../lib/clock';
import { AppError, notFound } from '../../lib/errors';
import type { Transactor } from '../../lib/transaction';
import type { Actor, AuditLog } from '../events';
import type { DebitsConsoleRepo, OrderFilter } from './console.repo';
import type { DebitReviewRepo, ResolutionRow } from './review.repo';
import type { DebitCompensation } from './compensation.service';
import type { DebitResults } from './results.service';
import type { DebitRuns, RunScope } from './runs.service';

type Repos = { debitsConsole: DebitsConsoleRepo; audit: AuditLog };

const iso = (v: unknown) => (v ? new Date(v as string | Date).toISOString() : null);
const yuan = (v: unknown) => fenToYuan(BigInt(v as string));

/** The columns a debit order shows in the list and at the top of its story. */
const orderSummary = (r: Record<string, unknown>) => ({
  id: String(r.id),
  orderKey: r.orderKey as string,
  orderNo: r.orderNo as string,
  period: Number(r.period),
  amount: yuan(r.amount),
  channel: r.channel as string | null,
  status: r.status as string,
  resultClass: r.resultClass as string | null,
  rawCode: r.rawCode as string | null,
  rawMessage: r.rawMessage as string | null,
  businessDate: r.businessDate as string,
  window: r.window as string | null,
  source: r.source as string,
  queryAttempts: Number(r.queryAttempts),
  nextQueryAt: iso(r.nextQueryAt),
  createdAt: iso(r.createdAt)!,
  finishedAt: iso(r.finishedAt),
});

export function createDebitsConsole(deps: {
  repo: DebitsConsoleRepo;
  review: DebitReviewRepo;
  transaction: Transactor<Repos>;
  runs: DebitRuns;
  results: DebitResults;
  compensation: DebitCompensation;
  /** Work a run in the background of this process (the embedded default does it all). */
  workInBackground: (runId: bigint) => void;
  clock: Clock;
  /** The deduction slots of a business date under the window rules in force. */
  slotsOn: (date: string) => Promise<{ start: string; end: string }[]>;
}) {
  const { repo, review, transaction, runs, results, compensation, workInBackground, clock } = deps;

  const audited = (
    actor: Actor,
    action: string,
    entityId: string,
    reason: string,
    diff: Record<string, unknown>,
  ) =>
    transaction((repos) =>
      repos.audit.record({
        actorType: actor.type,
        actorId: actor.id,
        action,
        entityType: 'debit',
        entityId,
        reason,
        diff,
      }),
    );

  return {
    now: () => ({ date: clock.today(), time: timeOfDayIn(BUSINESS_TIME_ZONE, clock.now()) }),

    /**
     * Today's configured deduction slots, each with its run (all scopes) if one started, and
     * whether it was missed (its end has passed and no run of it started): what a person
     * starting a run by hand picks from.
     */
    async slotsToday() {
      const date = clock.today();
      const time = timeOfDayIn(BUSINESS_TIME_ZONE, clock.now());
      const [slots, runs] = await Promise.all([deps.slotsOn(date), repo.runs(200)]);
      const today = runs.filter((r) => r.businessDate === date);
      return slots.map((slot) => {
        // The whole window's run, else a run of part of it (a funder's, a business line's).
        const ofSlot = today.filter((r) => r.window === slot.start);
        const run = ofSlot.find((r) => r.scope === '*') ?? ofSlot[0];
        return {
          start: slot.start,
          end: slot.end,
          run: run ? { id: String(run.id), status: run.status as string } : null,
          open: slot.start <= time && time < slot.end,
          missed: !run && slot.end <= time,
        };
      });
    },

    async runs(limit = 30) {
      const rows = await repo.runs(limit);
      return rows.map((r) => ({
        id: String(r.id),
        runKey: r.runKey as string,
        businessDate: r.businessDate as string,
        window: r.window as string,
        scope: r.scope as string,
        status: r.status as 'running' | 'paused' | 'completed' | 'cancelled',
        shardsTotal: Number(r.shardsTotal),
        /** The selection still adds shards (the total grows). */
        selecting: r.selecting === true,
        shardsDone: Number(r.shardsDone),
        shardsFailed: Number(r.shardsFailed),
        installments: Number(r.installmentsTotal),
        byStatus: r.byStatus as Record<string, number>,
        asked: yuan(r.asked),
        collected: yuan(r.collected),
        startedBy: r.startedBy as string,
        startedAt: iso(r.startedAt)!,
        finishedAt: iso(r.finishedAt),
      }));
    },

    async start(
      input: { date: string; window: string } & RunScope,
      reason: string,
      actor: Actor,
      startedBy: string,
    ) {
      const run = await runs.startRun(input, startedBy);
      await audited(actor, 'debit.run.start', String(run.runId), reason, {
        ...input,
        created: run.created,
      });
      workInBackground(run.runId);
      return { runId: String(run.runId), created: run.created };
    },

    async act(
      runId: bigint,
      action: 'pause' | 'resume' | 'cancel' | 'retry',
      reason: string,
      actor: Actor,
    ) {
      let changed: boolean;
      if (action === 'retry') changed = (await repo.retryFailedShards(runId)) > 0;
      else if (action === 'pause') changed = await repo.setRunStatus(runId, ['running'], 'paused');
      else if (action === 'resume') changed = await repo.setRunStatus(runId, ['paused'], 'running');
      else changed = await repo.setRunStatus(runId, ['running', 'paused'], 'cancelled');
      if (!changed)
        throw new AppError('CONFLICT', `the run cannot ${action} in its current state`, {
          field: 'action',
        });
      await audited(actor, `debit.run.${action}`, String(runId), reason, {});
      if (action === 'resume' || action === 'retry') workInBackground(runId);
      return { runId: String(runId), action };
    },

    async orders(filter: OrderFilter, cursor: string | null, limit: number) {
      const rows = await repo.orders(filter, cursor ? BigInt(cursor) : null, limit + 1);
      const page = rows.slice(0, limit);
      return {
        items: page.map((r) => ({
          ...orderSummary(r),
          funderCode: r.funderCode as string,
          productCode: r.productCode as string,
          businessLine: r.businessLine as string,
        })),
        nextCursor: rows.length > limit ? String(page.at(-1)!.id) : null,
      };
    },

    async order(id: bigint) {
      const found = await repo.order(id);
      if (!found) throw notFound(`debit order ${id}`, 'id');
      const o = found.order;
      return {
        ...orderSummary(o),
        channelSerial: o.channelSerial as string | null,
        cardNo: o.cardNo as string | null,
        bankCode: o.bankCode as string | null,
        ruleVersions: (o.ruleVersions ?? {}) as Record<string, string>,
        submittedAt: iso(o.submittedAt),
        events: found.events.map((e) => ({
          from: e.from as string | null,
          to: e.to as string,
          resultClass: e.resultClass as string | null,
          rawCode: e.rawCode as string | null,
          rawMessage: e.rawMessage as string | null,
          actor: `${String(e.actorType)}:${String(e.actorId)}`,
          at: iso(e.at)!,
        })),
        decision: found.decision as {
          route: string | null;
          chosen: string | null;
          ruleVersionId: string | null;
          /** The rule set's name and its version number, as the rules pages show it ("… v1"). */
          ruleLabel: string | null;
          candidates: {
            code: string;
            excluded: string | null;
            degraded: boolean;
            score: number | null;
          }[];
        } | null,
      };
    },

    async queryNow(orderKey: string, actor: Actor) {
      const moved = await compensation.queryNow(orderKey, actor);
      await audited(actor, 'debit.query', orderKey, 'query now', { moved });
      return { moved };
    },

    async resolve(
      orderKey: string,
      outcome: 'succeeded' | 'failed',
      evidence: string,
      reason: string,
      actor: Actor,
    ) {
      const resolved = await results.resolveByHand(
        orderKey,
        outcome,
        { text: evidence, reason },
        actor,
      );
      if (!resolved)
        throw new AppError('CONFLICT', 'this order is not under manual review', {
          field: 'orderKey',
        });
      const proposed = resolved.status === 'pending_approval';
      await audited(
        actor,
        proposed ? 'debit.resolve_proposed' : 'debit.resolve',
        orderKey,
        reason,
        {
          outcome,
          evidence,
          ...(proposed
            ? { resolutionId: resolved.resolutionId, approvalAbove: results.reviewApprovalAbove }
            : {}),
        },
      );
      return { orderKey, status: resolved.status, resolutionId: resolved.resolutionId ?? null };
    },

    /** Resolutions that wait for a second person (or, by status, the decided ones). */
    async resolutions(status: ResolutionRow['status'] | null, limit: number) {
      const rows = await review.list(status, limit);
      return rows.map((r) => ({
        id: String(r.id),
        orderKey: r.orderKey,
        orderId: String(r.debitOrderId),
        orderNo: r.orderNo,
        period: r.period,
        amount: fenToYuan(r.amount),
        channel: r.channel,
        orderStatus: r.orderStatus,
        outcome: r.outcome,
        evidence: r.evidence,
        reason: r.reason,
        status: r.status,
        proposedBy: r.proposedBy,
        proposedAt: iso(r.proposedAt)!,
        decidedBy: r.decidedBy,
        decisionNote: r.decisionNote,
        decidedAt: iso(r.decidedAt),
      }));
    },

    /** Another finance user approves or rejects a resolution waiting for approval. */
    async decideResolution(
      resolutionId: bigint,
      decision: { approve: boolean; note: string },
      actor: Actor,
    ) {
      const decided = await results.decideResolution(resolutionId, decision, actor);
      await audited(
        actor,
        decision.approve ? 'debit.resolve_approved' : 'debit.resolve_rejected',
        decided.orderKey,
        decision.note,
        {
          resolutionId: String(resolutionId),
          outcome: decided.outcome,
          proposedBy: decided.proposedBy,
        },
      );
      return {
        resolutionId: String(resolutionId),
        orderKey: decided.orderKey,
        status: decided.status,
      };
    },
  };
}

export type DebitsConsole = ReturnType<typeof createDebitsConsole>;
