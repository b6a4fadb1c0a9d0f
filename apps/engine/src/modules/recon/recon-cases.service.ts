// The discrepancy workflow (差错处理): finance takes a case (investigating) and resolves it with
// one action, each audited, recorded in the case's history, and posted to the ledger where
// money is concerned:
//
//   complete  (补单)  an overage whose order we failed: the statement's success is applied to
//                    the order through the debits' state machine (a late success: allocated,
//                    posted, published like any other);
//   reverse   (冲正)  a shortage of our success: the installment owes it again, the collection's
//                    journal is undone, the order is reversed (the debits' reversal);
//   refund    (退款)  an overage for no order of ours: clearing up, suspense owed, and the
//                    money listed among the overpayments to refund (payouts will send it);
//   write_off (核销)  a difference within the channel's tolerance: clearing corrected against
//                    the write-off account;
//   close     (关闭)  explained, nothing moves (the note says why).
//
// An action whose amount is above the approval limit waits for a second person, who approves
// (it runs then) or rejects it.
import {
  fenToYuan,
  yuanToFen,
  type ReconCaseAction,
  type ReconCaseKind,
  type ReconCaseStatus,
} from '@repay/rules';
import { AppError, notFound } from '../../lib/errors';
import type { Transactor } from '../../lib/transaction';
import { recordAnomalies } from '../anomalies';
import type { DebitResults } from '../debits';
import type { Actor, AuditLog } from '../events';
import { accounts, postJournal, type Journal, type LedgerRepo } from '../ledger';
import { reasonParamsView } from './case-reasons';
import type { ReconCaseRow, ReconCasesRepo } from './recon-cases.repo';

type Repos = {
  reconCases: ReconCasesRepo;
  audit: AuditLog;
  ledger: LedgerRepo;
  tx: Parameters<typeof recordAnomalies>[0];
};

export const caseIdText = (id: bigint) => `rcc_${id}`;
const caseIdOf = (text: string): bigint => {
  const m = /^rcc_(\d{1,18})$/.exec(text);
  if (!m)
    throw new AppError('VALIDATION_FAILED', 'caseId: a case id such as rcc_12', {
      field: 'caseId',
    });
  return BigInt(m[1]!);
};
const actorKey = (a: Actor) => `${a.type}:${a.id}`;
const actorOf = (key: string): Actor => {
  const at = key.indexOf(':');
  return { type: key.slice(0, at) as Actor['type'], id: key.slice(at + 1) };
};
const yuanOrNull = (fen: bigint | null) => (fen === null ? null : fenToYuan(fen));

/**
 * What the channel has minus what our books say (fen): negative when the channel holds less.
 * A fee difference counts against us: a higher fee than the rule leaves less to settle.
 */
export function differenceOf(c: {
  kind: ReconCaseKind;
  ourAmount: bigint | null;
  theirAmount: bigint | null;
  ourFee: bigint | null;
  theirFee: bigint | null;
}): bigint {
  if (c.kind === 'overage') return c.theirAmount ?? 0n;
  if (c.kind === 'shortage') return -(c.ourAmount ?? 0n);
  if (c.theirAmount !== null && c.ourAmount !== null && c.theirAmount !== c.ourAmount)
    return c.theirAmount - c.ourAmount;
  return -((c.theirFee ?? 0n) - (c.ourFee ?? 0n));
}

const abs = (n: bigint) => (n < 0n ? -n : n);

export function createReconCases(deps: {
  repo: ReconCasesRepo;
  transaction: Transactor<Repos>;
  debitResults: Pick<DebitResults, 'applyMany' | 'reverse'>;
  /** The channel's write-off tolerance in fen. */
  toleranceOf(channelCode: string): Promise<bigint>;
  /** Yuan: an action on more than this waits for a second person. */
  approvalAbove: string;
}) {
  const { repo, transaction, debitResults } = deps;
  const approvalAboveFen = yuanToFen(deps.approvalAbove);

  function view(c: ReconCaseRow) {
    return {
      id: caseIdText(c.id),
      caseKey: c.caseKey,
      channelCode: c.channelCode,
      businessDate: c.businessDate,
      kind: c.kind,
      orderId: c.orderId,
      ourStatus: c.ourStatus,
      orderStatus: c.orderStatus,
      ourAmount: yuanOrNull(c.ourAmount),
      ourFee: yuanOrNull(c.ourFee),
      theirStatus: c.theirStatus,
      theirAmount: yuanOrNull(c.theirAmount),
      theirFee: yuanOrNull(c.theirFee),
      difference: fenToYuan(differenceOf(c)),
      /** In English; the console words `reasonCode` with `reasonParams` when there is one. */
      reason: c.reason,
      reasonCode: c.reasonCode,
      reasonParams: reasonParamsView(c.reasonParams),
      status: c.status,
      owner: c.owner,
      resolution: c.resolution,
      pendingAction:
        c.pendingAction === null
          ? null
          : {
              action: c.pendingAction,
              note: c.pendingNote,
              proposedBy: c.proposedBy,
              proposedAt: c.proposedAt?.toISOString() ?? null,
            },
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    };
  }

  /** What the action moves (fen), for the approval limit. */
  const stakeOf = (c: ReconCaseRow, action: ReconCaseAction) =>
    action === 'complete' || action === 'refund'
      ? (c.theirAmount ?? 0n)
      : action === 'reverse'
        ? (c.ourAmount ?? 0n)
        : abs(differenceOf(c));

  /** Why this action cannot resolve this case (null: it can). */
  function refusal(c: ReconCaseRow, action: ReconCaseAction, tolerance: bigint): string | null {
    switch (action) {
      case 'reverse':
        if (c.kind !== 'shortage' || c.debitOrderId === null)
          return 'only a shortage of one of our orders can be reversed (冲正)';
        if (c.orderStatus !== 'succeeded') return `our order is ${c.orderStatus}, not succeeded`;
        return null;
      case 'complete':
        if (c.kind !== 'overage' || c.debitOrderId === null)
          return 'only an overage of one of our orders can be completed (补单)';
        if (c.orderStatus !== 'failed') return `our order is ${c.orderStatus}, not failed`;
        return null;
      case 'refund':
        if (c.kind !== 'overage')
          return 'only money the channel took for us (an overage) is refunded';
        // Our order's success may still arrive (a late notification settles it): complete it
        // instead, and whatever no installment owed is held as an overpayment to refund.
        return c.debitOrderId === null
          ? null
          : 'the money is for one of our orders: complete it (补单)';
      case 'write_off': {
        if (c.funderCode === null) return 'no order of ours: refund it or close it';
        const difference = abs(differenceOf(c));
        return difference > tolerance
          ? `the difference ${fenToYuan(difference)} is above ${c.channelCode}'s write-off tolerance ${fenToYuan(tolerance)}`
          : null;
      }
      case 'close':
        return null;
    }
  }

  /** The journal an action posts (null: it moves no money). */
  function journalOf(c: ReconCaseRow, action: ReconCaseAction): Journal | null {
    const base = {
      effectiveDate: c.businessDate,
      ...(c.loanId === null ? {} : { loanId: c.loanId }),
      memo: `${caseIdText(c.id)} ${c.caseKey}`,
    };
    if (action === 'refund') {
      const amount = c.theirAmount ?? 0n;
      const [clearing, suspense] =
        c.funderCode === null
          ? [accounts.unidentifiedClearing(), accounts.unidentifiedSuspense()]
          : [accounts.collectionsClearing(c.funderCode), accounts.suspense(c.funderCode)];
      return {
        ...base,
        idempotencyKey: `recon.refund_owed:${c.caseKey}`,
        kind: 'recon_refund_owed',
        entries: [
          { account: clearing, amount },
          { account: suspense, amount: -amount },
        ],
      };
    }
    if (action === 'write_off') {
      const difference = differenceOf(c);
      if (difference === 0n || c.funderCode === null) return null;
      return {
        ...base,
        idempotencyKey: `recon.write_off:${c.caseKey}`,
        kind: 'recon_write_off',
        entries: [
          { account: accounts.collectionsClearing(c.funderCode), amount: difference },
          { account: accounts.reconWriteOff(c.funderCode), amount: -difference },
        ],
      };
    }
    return null;
  }

  /** Applies the statement's success to our failed order (its own transaction; idempotent). */
  async function completeOrder(c: ReconCaseRow, actor: Actor) {
    await debitResults.applyMany(
      [
        {
          orderKey: c.orderId,
          channelCode: c.channelCode,
          answer: {
            resultClass: 'success',
            rawCode: 'RECON_COMPLETED',
            rawMessage: `completed from the statement of ${c.businessDate} (${caseIdText(c.id)})`,
            data: {
              orderId: c.orderId,
              amountFen: c.theirAmount ?? 0n,
              ...(c.lineSerial === null ? {} : { channelSerial: c.lineSerial }),
            },
          },
        },
      ],
      actor,
      'statement',
    );
  }

  /**
   * Runs the action on the locked case inside the transaction; `complete` has applied the
   * success before (the state machine owns its transaction) and checks here that it took.
   */
  async function resolveWith(
    repos: Repos,
    c: ReconCaseRow,
    action: ReconCaseAction,
    note: string,
    actor: Actor,
    approvedBy?: Actor,
  ) {
    if (onOrder(action) && c.orderStatus !== doneStatus[action])
      throw new AppError('UNPROCESSABLE', `the order is ${c.orderStatus}`, { field: 'action' });
    const journal = journalOf(c, action);
    if (journal) await postJournal(repos.ledger, journal);
    if (action === 'refund')
      await recordAnomalies(repos.tx, [
        {
          anomalyKey: `recon-refund:${c.caseKey}`,
          kind: 'overpayment',
          channelCode: c.channelCode,
          orderKey: c.orderId,
          debitOrderId: c.debitOrderId,
          loanId: c.loanId,
          amount: c.theirAmount,
          evidence: { reason: 'refund owed after reconciliation', case: caseIdText(c.id), note },
        },
      ]);
    await repos.reconCases.resolve(c.id, action, actorKey(approvedBy ?? actor));
    const evidence = {
      difference: fenToYuan(differenceOf(c)),
      ...(journal ? { journal: journal.idempotencyKey } : {}),
      ...(approvedBy ? { proposedBy: c.proposedBy } : {}),
    };
    await repos.reconCases.addAction(c.id, action, approvedBy ?? actor, note, evidence);
    await repos.audit.record({
      actorType: (approvedBy ?? actor).type,
      actorId: (approvedBy ?? actor).id,
      action: `recon_case.${action}`,
      entityType: 'recon_case',
      entityId: caseIdText(c.id),
      reason: note,
      diff: { status: { from: c.status, to: 'resolved' }, ...evidence },
    });
    return { status: 'resolved' as const };
  }

  /** Actions that change our order in the debits' own transaction: claimed first. */
  const onOrder = (action: ReconCaseAction): action is 'complete' | 'reverse' =>
    action === 'complete' || action === 'reverse';
  /** The order's status once the action has taken. */
  const doneStatus = { complete: 'succeeded', reverse: 'reversed' } as const;

  /**
   * A claimed completion or reversal: the order changed through the debits (a completion is
   * idempotent: a second try finds it succeeded), then the case resolved if the order did move;
   * when it did not, the claim is released and the case is as it was.
   */
  async function finishOnOrder(
    id: bigint,
    action: 'complete' | 'reverse',
    proposer: Actor,
    approver?: Actor,
  ) {
    const claimed = await repo.find(id);
    if (!claimed || claimed.pendingAction !== action || claimed.status === 'resolved')
      throw new AppError('CONFLICT', `case ${caseIdText(id)} changed meanwhile: reload it`, {
        field: 'caseId',
      });
    let refused: unknown = null;
    if (action === 'complete') await completeOrder(claimed, approver ?? proposer);
    else
      await debitResults
        .reverse(
          claimed.orderId,
          claimed.pendingNote ?? 'reversed after reconciliation',
          approver ?? proposer,
        )
        .catch((error: unknown) => {
          refused = error;
        });
    const done = await transaction(async (repos) => {
      const c = await lockedCase(repos, id);
      if (c.pendingAction !== action)
        throw new AppError('CONFLICT', `case ${caseIdText(id)} changed meanwhile: reload it`, {
          field: 'caseId',
        });
      if (c.orderStatus !== doneStatus[action]) {
        await repos.reconCases.clearProposal(c.id);
        await repos.reconCases.addAction(c.id, `${action}_refused`, approver ?? proposer, null, {
          orderStatus: c.orderStatus,
          ...(refused instanceof Error ? { reason: refused.message } : {}),
        });
        return c.orderStatus ?? 'unknown';
      }
      return resolveWith(repos, c, action, c.pendingNote ?? '', proposer, approver);
    });
    if (typeof done !== 'string') return done;
    if (refused instanceof Error) throw refused;
    throw new AppError(
      'UNPROCESSABLE',
      `the order could not be completed (it is ${done}): see its anomalies`,
      { field: 'action' },
    );
  }

  async function lockedCase(repos: Repos, id: bigint) {
    const c = await repos.reconCases.find(id, { lock: true });
    if (!c) throw notFound(`case ${caseIdText(id)}`, 'caseId');
    if (c.status === 'resolved')
      throw new AppError(
        'CONFLICT',
        `case ${caseIdText(id)} is resolved already (${c.resolution})`,
        {
          field: 'caseId',
        },
      );
    return c;
  }

  return {
    async list(filter: {
      channelCode?: string;
      businessDate?: string;
      kind?: ReconCaseKind;
      status?: ReconCaseStatus;
      orderId?: string;
      cursor?: string | null;
      limit: number;
    }) {
      const rows = await repo.list({
        ...filter,
        limit: filter.limit + 1,
        beforeId: filter.cursor ? caseIdOf(filter.cursor) : undefined,
      });
      const page = rows.slice(0, filter.limit);
      return {
        items: page.map(view),
        nextCursor: rows.length > filter.limit ? caseIdText(page.at(-1)!.id) : null,
      };
    },

    async get(caseId: string) {
      const c = await repo.find(caseIdOf(caseId));
      if (!c) throw notFound(`case ${caseId}`, 'caseId');
      const actions = await repo.actions(c.id);
      return {
        ...view(c),
        actions: actions.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })),
      };
    },

    /** Take the case: investigating, owned by the user. */
    assign: (input: { caseId: string; note: string }, actor: Actor) =>
      transaction(async (repos) => {
        const c = await lockedCase(repos, caseIdOf(input.caseId));
        await repos.reconCases.assign(c.id, actorKey(actor));
        await repos.reconCases.addAction(c.id, 'assigned', actor, input.note);
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'recon_case.assign',
          entityType: 'recon_case',
          entityId: input.caseId,
          reason: input.note,
          diff: { owner: { from: c.owner, to: actorKey(actor) } },
        });
        return { status: 'investigating' as const };
      }),

    /**
     * Resolve the case with an action; above the approval limit it waits for a second person.
     * A completion claims the case first (it shows as pending while the order is completed in
     * the debits' own transaction), so no other action can resolve it meanwhile.
     */
    async act(input: { caseId: string; action: ReconCaseAction; note: string }, actor: Actor) {
      const id = caseIdOf(input.caseId);
      const found = await repo.find(id);
      if (!found) throw notFound(`case ${input.caseId}`, 'caseId');
      // Read before the transaction: a transaction holds its own connection.
      const tolerance = await deps.toleranceOf(found.channelCode);
      const claimed = await transaction(async (repos) => {
        const c = await lockedCase(repos, id);
        if (c.pendingAction !== null)
          throw new AppError(
            'CONFLICT',
            `case ${input.caseId} waits for ${c.pendingAction} (${c.proposedBy})`,
            { field: 'caseId' },
          );
        const refused = refusal(c, input.action, tolerance);
        if (refused) throw new AppError('UNPROCESSABLE', refused, { field: 'action' });
        const needsApproval = stakeOf(c, input.action) > approvalAboveFen;
        if (!needsApproval && !onOrder(input.action))
          return resolveWith(repos, c, input.action, input.note, actor);
        await repos.reconCases.propose(c.id, input.action, input.note, actorKey(actor));
        if (!needsApproval) return null; // a completion or reversal, claimed
        await repos.reconCases.addAction(c.id, `proposed:${input.action}`, actor, input.note, {
          amount: fenToYuan(stakeOf(c, input.action)),
          approvalAbove: fenToYuan(approvalAboveFen),
        });
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'recon_case.propose',
          entityType: 'recon_case',
          entityId: input.caseId,
          reason: input.note,
          diff: { pendingAction: input.action, amount: fenToYuan(stakeOf(c, input.action)) },
        });
        return { status: 'pending_approval' as const };
      });
      if (claimed) return claimed;
      return finishOnOrder(id, input.action as 'complete' | 'reverse', actor);
    },

    /** A second person approves (the action runs) or rejects the pending action. */
    async decide(input: { caseId: string; approve: boolean; note: string }, actor: Actor) {
      const id = caseIdOf(input.caseId);
      const before = await repo.find(id);
      if (!before) throw notFound(`case ${input.caseId}`, 'caseId');
      if (before.pendingAction === null || before.status === 'resolved')
        throw new AppError('CONFLICT', `case ${input.caseId} has no action waiting for approval`, {
          field: 'caseId',
        });
      if (before.proposedBy === actorKey(actor))
        throw new AppError('FORBIDDEN', 'a second person must approve or reject this action', {
          field: 'caseId',
        });
      if (input.approve && onOrder(before.pendingAction))
        return finishOnOrder(id, before.pendingAction, actorOf(before.proposedBy!), actor);
      return transaction(async (repos) => {
        const c = await lockedCase(repos, id);
        if (c.pendingAction === null || c.proposedBy === actorKey(actor))
          throw new AppError('CONFLICT', `case ${input.caseId} changed meanwhile: reload it`, {
            field: 'caseId',
          });
        if (input.approve)
          return resolveWith(
            repos,
            c,
            c.pendingAction,
            c.pendingNote ?? input.note,
            actorOf(c.proposedBy!),
            actor,
          );
        await repos.reconCases.clearProposal(c.id);
        await repos.reconCases.addAction(c.id, `rejected:${c.pendingAction}`, actor, input.note);
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'recon_case.reject',
          entityType: 'recon_case',
          entityId: input.caseId,
          reason: input.note,
          diff: { pendingAction: { from: c.pendingAction, to: null } },
        });
        return { status: c.status };
      });
    },
  };
}

export type ReconCases = ReturnType<typeof createReconCases>;
