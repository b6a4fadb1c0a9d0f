// Asset transfers (docs/api.md `POST /asset-transfers`, docs/domain.md 资产转让): from the cut-off date
// the collections of the loans belong to another funder.
//
// Decisions: a collection belongs to the owner at its
// effective date — a channel debit's is the business date of the window that sent it, so a
// debit sent before the cut-off and settled after is the seller's (ledger/attribution.ts). A
// cut-off today or earlier completes at once (completion.ts); a later one is scheduled and
// completed by the daily job on that date. An API key's cut-off further back than a week waits
// for a person's approval in the console (approval.ts). The same request again is a replay (its
// content hash is unique).
import { randomBytes } from 'node:crypto';
import { Dec, fenToYuan, type TRANSFER_STATUSES } from '@repay/rules';
import { readKeysetPage } from '../../lib/paging';
import type { Clock } from '../../lib/clock';
import { AppError, notFound } from '../../lib/errors';
import { requestHash } from '../../lib/request-hash';
import type { Transactor } from '../../lib/transaction';
import type { Actor } from '../events';
import type { ReferenceService } from '../reference';
import { createTransferDecisions, needsApproval } from './approval';
import { completeTransfer, type TransferRepos } from './completion';
import type { TransferRecord, TransfersRepo } from './transfers.repo';

export interface TransferInput {
  orderNos: string[];
  toFunderCode: string;
  cutoffDate: string;
  priceRatio: string;
}

type TransferStatus = (typeof TRANSFER_STATUSES)[number];

/** Same loans (in any order), funder, cut-off and ratio ("1" = "1.00") ⇔ same hash. */
export function transferRequestHash(input: TransferInput): string {
  return requestHash(
    {
      orderNos: [...input.orderNos].sort(),
      toFunderCode: input.toFunderCode,
      cutoffDate: input.cutoffDate,
      priceRatio: input.priceRatio,
    },
    { decimals: ['priceRatio'] },
  );
}

/** The ratio as agreed, at least two places ("1.00", "0.985"): never rounded for display. */
const ratioText = (ratio: string) => {
  const d = new Dec(ratio);
  return d.toFixed(Math.max(2, d.decimalPlaces()));
};

const transferView = (t: TransferRecord, orderNos: string[]) => ({
  transferId: t.transferId,
  status: t.status,
  orderNos,
  toFunderCode: t.toFunderCode,
  cutoffDate: t.cutoffDate,
  priceRatio: ratioText(t.priceRatio),
  createdAt: t.createdAt.toISOString(),
  completedAt: t.completedAt?.toISOString() ?? null,
});

/** Who approved or rejected a transfer that waited for approval (null: none was needed yet). */
const decisionOf = (t: TransferRecord) =>
  t.decidedBy === null
    ? null
    : { by: t.decidedBy, at: t.decidedAt!.toISOString(), reason: t.decisionReason! };

const refuse = (status: 'UNPROCESSABLE' | 'CONFLICT', field: string, message: string) =>
  new AppError(status, message, { field });

export function createTransfersService(deps: {
  read: TransfersRepo;
  transaction: Transactor<TransferRepos>;
  reference: ReferenceService;
  clock: Clock;
}) {
  const { read, transaction, reference, clock } = deps;

  async function viewOf(transferId: string) {
    const t = await read.byTransferId(transferId);
    if (!t) throw notFound(`transfer ${transferId}`, 'transferId');
    const loans = await read.loansOf(t.id);
    return {
      transfer: t,
      loans,
      view: transferView(
        t,
        loans.map((l) => l.orderNo),
      ),
    };
  }

  return {
    async request(input: TransferInput, actor: Actor) {
      const hash = transferRequestHash(input);
      const replay = await read.byHash(hash);
      if (replay) return { created: false, transfer: (await viewOf(replay)).view };
      const funder = await reference.requireActiveFunder(input.toFunderCode).catch((e: unknown) => {
        if (e instanceof AppError) throw refuse('UNPROCESSABLE', 'toFunderCode', e.message);
        throw e;
      });
      const transferId = `tr_${randomBytes(12).toString('hex')}`;
      const inserted = await transaction(async (repos) => {
        const loans = await repos.transfers.lockLoans(input.orderNos);
        const found = new Set(loans.map((l) => l.orderNo));
        const unknown = input.orderNos.filter((o) => !found.has(o));
        if (unknown.length > 0) throw notFound(`loans ${unknown.join(', ')}`, 'orderNos');
        for (const l of loans) {
          if (l.status !== 'active')
            throw refuse('UNPROCESSABLE', 'orderNos', `loan ${l.orderNo} is ${l.status}`);
          if (l.funderId === funder.id)
            throw refuse(
              'UNPROCESSABLE',
              'toFunderCode',
              `loan ${l.orderNo} already belongs to ${funder.code}`,
            );
          if (l.inOpenTransfer)
            throw refuse(
              'CONFLICT',
              'orderNos',
              `loan ${l.orderNo} already has a transfer waiting for its cut-off or an approval`,
            );
          if (l.lastCutoff !== null && l.lastCutoff >= input.cutoffDate)
            throw refuse(
              'UNPROCESSABLE',
              'cutoffDate',
              `loan ${l.orderNo} was transferred with cut-off ${l.lastCutoff}: a new cut-off must be later`,
            );
        }
        const pending = needsApproval(input.cutoffDate, actor, clock.today());
        const id = await repos.transfers.insertTransfer({
          transferId,
          status: pending ? 'pending_approval' : 'scheduled',
          requestHash: hash,
          toFunderId: funder.id,
          cutoffDate: input.cutoffDate,
          priceRatio: input.priceRatio,
          createdBy: `${actor.type}:${actor.id}`,
          loans: loans.map((l) => ({ loanId: l.id, fromFunderId: l.funderId })),
        });
        if (id === null) return false;
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'asset_transfer.create',
          entityType: 'asset_transfer',
          entityId: transferId,
          diff: { ...input, orderNos: input.orderNos.length, pendingApproval: pending },
        });
        if (!pending && input.cutoffDate <= clock.today()) {
          const record = await repos.transfers.byTransferId(transferId, true);
          await completeTransfer(repos, record!);
        }
        return true;
      });
      // The same request won a race: answer it as a replay.
      if (!inserted)
        return { created: false, transfer: (await viewOf((await read.byHash(hash))!)).view };
      return { created: true, transfer: (await viewOf(transferId)).view };
    },

    /** Complete every scheduled transfer whose cut-off has come (the daily job; idempotent). */
    ...createTransferDecisions({ transaction, clock }),

    async completeDue(): Promise<string[]> {
      const done: string[] = [];
      for (const transferId of await read.dueTransferIds(clock.today())) {
        const completed = await transaction(async (repos) => {
          const t = await repos.transfers.byTransferId(transferId, true);
          if (!t || t.status !== 'scheduled') return false;
          await completeTransfer(repos, t);
          return true;
        });
        if (completed) done.push(transferId);
      }
      return done;
    },

    async get(transferId: string) {
      const { view, loans, transfer } = await viewOf(transferId);
      return {
        ...view,
        createdBy: transfer.createdBy,
        decision: decisionOf(transfer),
        loans: loans.map((l) => ({
          orderNo: l.orderNo,
          fromFunderCode: l.fromFunderCode,
          status: l.status,
          principal: l.principal === null ? null : fenToYuan(l.principal),
          price: l.price === null ? null : fenToYuan(l.price),
          completedAt: l.completedAt?.toISOString() ?? null,
        })),
      };
    },

    /** A page, newest first; `nextCursor` asks for the one after it (null: no more). */
    async list(filter: {
      status?: TransferStatus;
      funderCode?: string;
      limit: number;
      cursor?: string | null;
    }) {
      const { page, nextCursor } = await readKeysetPage(filter, (query) => read.list(query));
      const items = page.map((t) => ({
        transferId: t.transferId,
        status: t.status,
        toFunderCode: t.toFunderCode,
        toFunderName: t.toFunderName,
        cutoffDate: t.cutoffDate,
        priceRatio: ratioText(t.priceRatio),
        loanCount: t.loanCount,
        createdBy: t.createdBy,
        createdAt: t.createdAt.toISOString(),
        completedAt: t.completedAt?.toISOString() ?? null,
        decision: decisionOf(t),
      }));
      return { items, nextCursor };
    },

    async historyOf(orderNo: string) {
      return (await read.historyOf(orderNo)).map((l) => ({
        transferId: l.transferId,
        fromFunderCode: l.fromFunderCode,
        toFunderCode: l.toFunderCode,
        cutoffDate: l.cutoffDate,
        status: l.status,
        principal: l.principal === null ? null : fenToYuan(l.principal),
        price: l.price === null ? null : fenToYuan(l.price),
        completedAt: l.completedAt?.toISOString() ?? null,
      }));
    },

    async receivables() {
      return (await read.receivables()).map((r) => ({
        ...r,
        ledgerReceivable: fenToYuan(r.ledgerReceivable),
        outstandingPrincipal: fenToYuan(r.outstandingPrincipal),
      }));
    },
  };
}

export type TransfersService = ReturnType<typeof createTransfersService>;
