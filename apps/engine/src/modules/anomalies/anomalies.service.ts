// The console's anomaly list: what the debit state machine kept for people instead of applying
// (another channel's answer, an unknown order, an amount or serial that does not match, an
// answer contradicting a final state), late successes, and overpayments held in suspense until
// they are refunded. Handling one (with a reason) is audited; it moves no money: a refund will
// be a payout, and until then finance records how the overpayment was dealt with.
import { fenToYuan } from '@repay/rules';
import { readKeysetPage } from '../../lib/paging';
import { AppError, notFound } from '../../lib/errors';
import type { Transactor } from '../../lib/transaction';
import type { Actor, AuditLog } from '../events';
import type { AnomaliesRepo, AnomalyFilter, AnomalyRow } from './anomalies.repo';

type Repos = { anomalies: AnomaliesRepo; audit: AuditLog };

const yuan = (fen: bigint | null) => (fen === null ? null : fenToYuan(fen));
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

const view = (a: AnomalyRow) => ({
  id: String(a.id),
  kind: a.kind,
  channel: a.channelCode,
  orderKey: a.orderKey,
  orderNo: a.orderNo,
  period: a.period,
  amount: yuan(a.amount),
  status: a.status,
  handledBy: a.handledBy,
  handledReason: a.handledReason,
  handledAt: iso(a.handledAt),
  createdAt: iso(a.createdAt)!,
});

export function createAnomaliesConsole(deps: {
  repo: AnomaliesRepo;
  transaction: Transactor<Repos>;
}) {
  const { repo, transaction } = deps;

  return {
    async list(filter: AnomalyFilter & { limit: number; cursor?: string | null }) {
      const { page, nextCursor } = await readKeysetPage(filter, (query) => repo.list(query));
      return { items: page.map(view), nextCursor };
    },

    async get(id: bigint) {
      const found = await repo.byId(id);
      if (!found) throw notFound(`anomaly ${id}`, 'id');
      return {
        ...view(found),
        evidence: found.evidence,
        order: found.order && { ...found.order, amount: fenToYuan(found.order.amount) },
      };
    },

    /** Mark an anomaly handled with a reason (an overpayment: how it was refunded or settled). */
    async handle(id: bigint, reason: string, actor: Actor) {
      await transaction(async (repos) => {
        if (!(await repos.anomalies.handle(id, `${actor.type}:${actor.id}`, reason))) {
          if (!(await repos.anomalies.exists(id))) throw notFound(`anomaly ${id}`, 'id');
          throw new AppError('CONFLICT', `anomaly ${id} is handled already`, { field: 'id' });
        }
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'anomaly.handle',
          entityType: 'anomaly',
          entityId: String(id),
          reason,
          diff: { status: { from: 'open', to: 'handled' } },
        });
      });
      return this.get(id);
    },
  };
}

export type AnomaliesConsole = ReturnType<typeof createAnomaliesConsole>;
