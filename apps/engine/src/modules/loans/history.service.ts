// A loan's history for the console tabs (repayments, events, audit), amounts in yuan.
import { fenToYuan } from '@repay/rules';
import { notFound } from '../../lib/errors';
import type { LoanHistoryRepo } from './history.repo';
import type { LoansRepo } from './loans.repo';
import { allocationsView } from './loans.view';

const HISTORY_LIMIT = 200;

export function createLoanHistoryService(deps: { read: LoanHistoryRepo; loans: LoansRepo }) {
  const { read, loans } = deps;
  return {
    async of(orderNo: string) {
      if (!(await loans.findLoanIdentity(orderNo))) throw notFound(`loan ${orderNo}`, 'orderNo');
      const [repayments, events, audit] = await Promise.all([
        read.repayments(orderNo),
        read.events(orderNo, HISTORY_LIMIT),
        read.audit(orderNo, HISTORY_LIMIT),
      ]);
      return {
        repayments: repayments.map((r) => ({
          reference: r.reference,
          amount: fenToYuan(BigInt(r.amount)),
          paidAt: new Date(r.paidAt).toISOString(),
          method: r.method,
          allocations: allocationsView(r.allocations),
          createdBy: r.createdBy,
          createdAt: new Date(r.createdAt).toISOString(),
        })),
        events: events.map((e) => ({
          eventId: e.eventId,
          topic: e.topic,
          payload: e.payload,
          createdAt: new Date(e.createdAt).toISOString(),
          publishedAt: e.publishedAt ? new Date(e.publishedAt).toISOString() : null,
        })),
        audit: audit.map((a) => ({
          actor: `${a.actorType}:${a.actorId}`,
          action: a.action,
          reason: a.reason,
          diff: a.diff,
          createdAt: new Date(a.createdAt).toISOString(),
        })),
      };
    },
  };
}

export type LoanHistoryService = ReturnType<typeof createLoanHistoryService>;
