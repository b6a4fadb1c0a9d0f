// Waivers of penalty or fees: whole or partial, with a reason. While the loan's waivers
// of the business day (pending or applied, this one included) stay within the fee rule's
// `waiverApprovalAbove` (default 500.00) a waiver applies at once; above it, it waits until a
// second user with `loans.waive.approve` (finance) approves it — never the one who asked (also a
// database CHECK). Charges are recognised when collected (cash basis), so a waiver posts no
// journal: it lowers what is due, never what was paid. Idempotent by the caller's request key.
import { randomBytes } from 'node:crypto';
import {
  DEFAULT_WAIVER_APPROVAL_ABOVE,
  fenToYuan,
  yuanToFen,
  type WaivableComponent,
} from '@repay/rules';
import { readKeysetPage } from '../../lib/paging';
import type { Clock } from '../../lib/clock';
import { AppError, notFound } from '../../lib/errors';
import type { Transactor } from '../../lib/transaction';
import type { Actor, AuditLog, OutboxRepo } from '../events';
import type { RuleResolver } from '../rules';
import type { CollectionsRepo } from './collections.repo';
import type { LoansRepo } from './loans.repo';
import type { WaiverRecord, WaiversRepo } from './waivers.repo';
import type { WaiverFilter } from './waivers.schema';
import { requireActiveLoan } from './loan-guards';

export interface WaiverInput {
  requestKey: string;
  component: WaivableComponent;
  /** Yuan; absent: everything outstanding of the component (on the period, or the loan). */
  amount?: string;
  period?: number;
  reason: string;
}

type Repos = {
  loans: LoansRepo;
  collections: CollectionsRepo;
  waivers: WaiversRepo;
  outbox: OutboxRepo;
  audit: AuditLog;
};

const actorKey = (a: Actor) => `${a.type}:${a.id}`;

export const waiverView = (w: WaiverRecord) => ({
  waiverId: w.waiverId,
  orderNo: w.orderNo,
  component: w.component,
  period: w.period,
  amount: fenToYuan(w.amount),
  reason: w.reason,
  status: w.status,
  lines: (w.lines ?? []).map((l) => ({ period: l.period, amount: fenToYuan(BigInt(l.amountFen)) })),
  requestedBy: w.requestedBy,
  decidedBy: w.decidedBy,
  decisionNote: w.decisionNote,
  decidedAt: w.decidedAt?.toISOString() ?? null,
  createdAt: w.createdAt.toISOString(),
});

export function createWaiversService(deps: {
  read: WaiversRepo;
  transaction: Transactor<Repos>;
  rules: RuleResolver;
  clock: Clock;
}) {
  const { read, transaction, rules, clock } = deps;

  /** Oldest first, what each open installment owes of the component, up to `amount`. */
  async function linesFor(
    repos: Repos,
    w: Pick<WaiverRecord, 'loanId' | 'component' | 'period' | 'amount'>,
  ) {
    const open = (await repos.collections.lockOpenInstallments(w.loanId)).filter(
      (i) => w.period === null || i.period === w.period,
    );
    const owed = open.reduce((s, i) => s + i.outstanding[w.component], 0n);
    let left = w.amount;
    const lines: { installmentId: bigint; period: number; amount: bigint }[] = [];
    for (const i of open) {
      const take = i.outstanding[w.component] < left ? i.outstanding[w.component] : left;
      if (take > 0n) lines.push({ installmentId: i.id, period: i.period, amount: take });
      left -= take;
    }
    return { owed, lines, short: left > 0n };
  }

  async function applyNow(
    repos: Repos,
    w: WaiverRecord,
    decidedBy: string | null,
    note: string | null,
  ) {
    const { owed, lines, short } = await linesFor(repos, w);
    if (short)
      throw new AppError(
        'CONFLICT',
        `the loan owes ${fenToYuan(owed)} of ${w.component} now, less than the waiver: reject it and ask again`,
        { field: 'waiverId' },
      );
    await repos.waivers.apply(w.loanId, w.component, lines);
    await repos.waivers.decide(w.id, {
      status: 'applied',
      decidedBy,
      note,
      lines: lines.map((l) => ({
        id: String(l.installmentId),
        period: l.period,
        amountFen: String(l.amount),
      })),
    });
    await repos.outbox.add({
      eventId: `loan.waiver_applied:${w.waiverId}`,
      topic: 'loan.waiver_applied',
      aggregateType: 'loan',
      aggregateId: w.orderNo,
      payload: {
        orderNo: w.orderNo,
        waiverId: w.waiverId,
        component: w.component,
        amount: fenToYuan(w.amount),
      },
    });
  }

  return {
    async request(orderNo: string, input: WaiverInput, actor: Actor) {
      const replay = await read.byRequestKey(input.requestKey);
      if (replay) {
        // The same request is the same loan, charge, period and amount (by value: "1.0" =
        // "1.00"); no amount ("all of it") replays whatever the first request waived.
        const same =
          replay.orderNo === orderNo &&
          replay.component === input.component &&
          replay.period === (input.period ?? null) &&
          (input.amount === undefined || replay.amount === yuanToFen(input.amount));
        if (!same)
          throw new AppError(
            'CONFLICT',
            `requestKey ${input.requestKey} was used for another waiver`,
            {
              field: 'requestKey',
            },
          );
        return { created: false, waiver: waiverView(replay) };
      }
      const fees = await rules.snapshot('fee');
      const waiverId = `wv_${randomBytes(12).toString('hex')}`;
      await transaction(async (repos) => {
        const loan = await repos.loans.findLoan(orderNo);
        if (!loan) throw notFound(`loan ${orderNo}`, 'orderNo');
        requireActiveLoan(loan, orderNo);
        const wanted = input.amount === undefined ? null : yuanToFen(input.amount);
        const probe = await linesFor(repos, {
          loanId: loan.id,
          component: input.component,
          period: input.period ?? null,
          amount: wanted ?? 0n,
        });
        if (probe.owed === 0n)
          throw new AppError(
            'UNPROCESSABLE',
            input.period
              ? `period ${input.period} owes no ${input.component} (or is not open)`
              : `the loan owes no ${input.component}`,
            { field: input.period ? 'period' : 'component' },
          );
        if (wanted !== null && wanted > probe.owed)
          throw new AppError(
            'UNPROCESSABLE',
            `amount is above the ${input.component} outstanding (${fenToYuan(probe.owed)})`,
            { field: 'amount' },
          );
        const amount = wanted ?? probe.owed;
        const rule = fees(
          {
            businessLine: loan.businessLine,
            funderCode: loan.funderCode,
            productCode: loan.productCode,
            loanKey: orderNo,
          },
          clock.now(),
        )?.rule;
        // The limit holds for the loan's waivers of the business day together (pending or
        // applied), so splitting a large waiver into small ones does not pass under it. The
        // probe above locked the loan's open installments: a concurrent waiver of this loan
        // waits here until this one is committed, and then counts it.
        const limit = yuanToFen(rule?.waiverApprovalAbove ?? DEFAULT_WAIVER_APPROVAL_ABOVE);
        const businessDate = clock.today();
        const earlierToday = await repos.waivers.totalOfDay(loan.id, businessDate);
        const needsApproval = earlierToday + amount > limit;
        const inserted = await repos.waivers.insert({
          waiverId,
          requestKey: input.requestKey,
          loanId: loan.id,
          component: input.component,
          period: input.period ?? null,
          amount,
          reason: input.reason,
          status: needsApproval ? 'pending_approval' : 'applied',
          requestedBy: actorKey(actor),
          businessDate,
        });
        if (!inserted)
          throw new AppError('CONFLICT', `requestKey ${input.requestKey} is being used`, {
            field: 'requestKey',
          });
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: needsApproval ? 'loan.waiver_requested' : 'loan.waive',
          entityType: 'loan',
          entityId: orderNo,
          reason: input.reason,
          diff: {
            waiverId,
            component: input.component,
            amount: fenToYuan(amount),
            earlierToday: fenToYuan(earlierToday),
            limit: fenToYuan(limit),
          },
        });
        if (!needsApproval) {
          const w = await repos.waivers.byWaiverId(waiverId, true);
          await applyNow(repos, w!, null, null);
        }
      });
      return { created: true, waiver: waiverView((await read.byWaiverId(waiverId))!) };
    },

    /** A second user decides a waiver waiting for approval. */
    async decide(waiverId: string, decision: { approve: boolean; note: string }, actor: Actor) {
      await transaction(async (repos) => {
        const w = await repos.waivers.byWaiverId(waiverId, true);
        if (!w) throw notFound(`waiver ${waiverId}`, 'waiverId');
        if (w.status !== 'pending_approval')
          throw new AppError('CONFLICT', `waiver ${waiverId} is ${w.status}`, {
            field: 'waiverId',
          });
        if (w.requestedBy === actorKey(actor))
          throw new AppError(
            'FORBIDDEN',
            'a waiver is approved by someone other than who asked for it',
            {
              field: 'waiverId',
            },
          );
        if (decision.approve) await applyNow(repos, w, actorKey(actor), decision.note);
        else
          await repos.waivers.decide(w.id, {
            status: 'rejected',
            decidedBy: actorKey(actor),
            note: decision.note,
            lines: null,
          });
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: decision.approve ? 'loan.waiver_approved' : 'loan.waiver_rejected',
          entityType: 'loan',
          entityId: w.orderNo,
          reason: decision.note,
          diff: { waiverId, amount: fenToYuan(w.amount), requestedBy: w.requestedBy },
        });
      });
      return waiverView((await read.byWaiverId(waiverId))!);
    },

    /** A page, newest first; `nextCursor` asks for the one after it (null: no more). */
    async list(filter: WaiverFilter & { limit: number; cursor?: string | null }) {
      const { page, nextCursor } = await readKeysetPage(filter, (query) => read.list(query));
      return {
        items: page.map((w) => ({
          ...waiverView(w),
          funderCode: w.funderCode ?? null,
          businessDate: w.businessDate ?? null,
        })),
        nextCursor,
      };
    },
  };
}

export type WaiversService = ReturnType<typeof createWaiversService>;
