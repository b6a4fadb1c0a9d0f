// A loan's history for the console tabs (money in, repayments, events, audit), amounts in yuan.
import { fenToYuan } from '@repay/rules';
import { notFound } from '../../lib/errors';
import { collectedComponentOf } from '../ledger';
import type { LoanHistoryRepo } from './history.repo';
import type { LoansRepo } from './loans.repo';
import { allocationsView } from './loans.view';

const HISTORY_LIMIT = 200;

/** What a collection journal was, for the console. */
const SOURCE_OF_KIND: Record<string, 'debit' | 'offline' | 'settlement' | 'reversal'> = {
  debit_collected: 'debit',
  repayment_received: 'offline',
  loan_settled: 'settlement',
  debit_reversed: 'reversal',
};

export function createLoanHistoryService(deps: { read: LoanHistoryRepo; loans: LoansRepo }) {
  const { read, loans } = deps;
  return {
    async of(orderNo: string) {
      if (!(await loans.findLoanIdentity(orderNo))) throw notFound(`loan ${orderNo}`, 'orderNo');
      const [repayments, collected, waived, events, audit] = await Promise.all([
        read.repayments(orderNo),
        read.collections(orderNo),
        read.waivers(orderNo),
        read.events(orderNo, HISTORY_LIMIT),
        read.audit(orderNo, HISTORY_LIMIT),
      ]);
      // Every fen that paid the loan, in one list: collections the ledger holds (with the
      // periods and components they paid) and waivers (forgiven, not collected).
      const offline = new Map(repayments.map((r) => [r.reference, allocationsView(r.allocations)]));
      const moneyIn = [
        ...collected.map((c) => {
          const parts = c.parts.flatMap((p) => {
            const component = collectedComponentOf(p.code);
            return component === null
              ? []
              : [{ ...p, component: component === 'suspense' ? 'unallocated' : component }];
          });
          const total = parts.reduce((sum, p) => sum + BigInt(p.amountFen), 0n);
          const reference = c.key.slice(c.key.indexOf(':') + 1);
          return {
            reference,
            source: SOURCE_OF_KIND[c.kind] ?? 'debit',
            channel: c.channel,
            amount: fenToYuan(total),
            effectiveDate: c.effectiveDate,
            at: new Date(c.at).toISOString(),
            // An offline repayment's journal does not name periods: its own record does.
            allocations:
              c.kind === 'repayment_received' && offline.has(reference)
                ? offline.get(reference)!
                : parts
                    .filter((p) => p.component !== 'unallocated')
                    .map((p) => ({
                      period: p.period,
                      component: p.component,
                      amount: fenToYuan(BigInt(p.amountFen)),
                    })),
            unallocated: fenToYuan(
              parts
                .filter((p) => p.component === 'unallocated')
                .reduce((sum, p) => sum + BigInt(p.amountFen), 0n),
            ),
          };
        }),
        ...waived.map((w) => ({
          reference: `waiver-${w.id}`,
          source: 'waiver' as const,
          channel: null,
          amount: fenToYuan(BigInt(w.amount)),
          effectiveDate: null,
          at: new Date(w.at).toISOString(),
          allocations: (w.lines ?? []).map((l) => ({
            period: l.period,
            component: w.component,
            amount: fenToYuan(BigInt(l.amountFen)),
          })),
          unallocated: '0.00',
        })),
      ].sort((a, b) => a.at.localeCompare(b.at));
      return {
        moneyIn,
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
