// A loan paused (no new debits until a date, time-boxed) and resumed, each audited and published.
import { addDays } from '@repay/rules';
import type { Clock } from '../../lib/clock';
import { sha256Hex } from '../../lib/crypto';
import { AppError, notFound } from '../../lib/errors';
import type { Transactor } from '../../lib/transaction';
import type { Actor, AuditLog, OutboxRepo } from '../events';
import { requireActiveLoan } from './loan-guards';
import type { LoanView } from './loans.schema';
import type { LoansRepo } from './loans.repo';

/** The longest pause a single request may set (it is time-boxed by design). */
const MAX_PAUSE_DAYS = 180;

export function createLoanPauses(deps: {
  transaction: Transactor<{ loans: LoansRepo; outbox: OutboxRepo; audit: AuditLog }>;
  clock: Clock;
  viewOf: (orderNo: string) => Promise<LoanView>;
}) {
  const { transaction, clock, viewOf } = deps;

  return {
    /**
     * Pause (docs/api.md Collections): no new debits until `until` (inclusive); debits in flight
     * finish. Time-boxed: it expires by itself (at most 180 days ahead). Setting the same
     * pause again changes nothing.
     */
    async pause(orderNo: string, input: { reason: string; until: string }, actor: Actor) {
      const today = clock.today();
      if (input.until < today)
        throw new AppError('UNPROCESSABLE', `until ${input.until} is before today (${today})`, {
          field: 'until',
        });
      if (input.until > addDays(today, MAX_PAUSE_DAYS))
        throw new AppError('UNPROCESSABLE', `a pause lasts at most ${MAX_PAUSE_DAYS} days`, {
          field: 'until',
        });
      await transaction(async ({ loans, audit, outbox }) => {
        const loan = await loans.findLoan(orderNo);
        if (!loan) throw notFound(`loan ${orderNo}`, 'orderNo');
        requireActiveLoan(loan, orderNo);
        const before = await loans.setPause(loan.id, input);
        if (before.reason === input.reason && before.until === input.until) return;
        await audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'loan.pause',
          entityType: 'loan',
          entityId: orderNo,
          reason: input.reason,
          diff: { paused: { from: before.until, to: input.until } },
        });
        await outbox.add({
          eventId: `loan.paused:${orderNo}:${input.until}:${sha256Hex(input.reason).slice(0, 12)}`,
          topic: 'loan.paused',
          aggregateType: 'loan',
          aggregateId: orderNo,
          payload: { orderNo, until: input.until },
        });
      });
      return viewOf(orderNo);
    },

    /** Resume: debits may start again in the next window. Resuming a running loan changes nothing. */
    async resume(orderNo: string, actor: Actor) {
      await transaction(async ({ loans, audit, outbox }) => {
        const loan = await loans.findLoan(orderNo);
        if (!loan) throw notFound(`loan ${orderNo}`, 'orderNo');
        const before = await loans.setPause(loan.id, null);
        if (before.until === null) return;
        await audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'loan.resume',
          entityType: 'loan',
          entityId: orderNo,
          diff: { paused: { from: before.until, to: null } },
        });
        await outbox.add({
          eventId: `loan.resumed:${orderNo}:${before.until}:${clock.now().toISOString()}`,
          topic: 'loan.resumed',
          aggregateType: 'loan',
          aggregateId: orderNo,
          payload: { orderNo },
        });
      });
      return viewOf(orderNo);
    },
  };
}
