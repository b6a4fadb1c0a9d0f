// Reversing one of our successes (冲正) that the channel's statement does not bear out: in one
// transaction, in the lock order of every money path (the order, then its loan, then its
// installment), the installment owes the money again, the collection's journal is posted in
// reverse on the same accounts, and the order becomes `reversed` (final: a success heard of it
// later is an anomaly, never applied). The installment may then be debited again like any other.
//
// Decision: the reversal is effective on the day it is made. The days the installment stood
// as paid accrue nothing afterwards: the borrower was paid up by our records, and the channel's
// error is not charged to them; overdue days resume where they stopped.
import { fenToYuan } from '@repay/rules';
import type { Clock } from '../../lib/clock';
import { AppError, notFound } from '../../lib/errors';
import type { Transactor } from '../../lib/transaction';
import { collectedComponentOf, postJournal } from '../ledger';
import { lockLoansForCollection, quoteIdOfDebit, reverseCollectionOnInstallment } from '../loans';
import { resumeAccrualAfter } from '../overdue';
import type { Actor, Repos } from './results.types';

export function createDebitReversal(deps: { transaction: Transactor<Repos>; clock: Clock }) {
  const { transaction, clock } = deps;

  /** Reverse a succeeded collection debit; refused (nothing changes) when it cannot be. */
  return (orderKey: string, reason: string, actor: Actor) =>
    transaction(async (repos) => {
      const [order] = await repos.debits.lockOrdersByKeys([orderKey]);
      if (!order) throw notFound(`debit order ${orderKey}`, 'orderKey');
      if (order.status !== 'succeeded')
        throw new AppError('UNPROCESSABLE', `the order is ${order.status}, not succeeded`, {
          field: 'orderKey',
        });
      if (quoteIdOfDebit(order.idempotencyKey))
        throw new AppError(
          'UNPROCESSABLE',
          'a settlement debit settled the loan at its quote: it is not reversed here',
          { field: 'orderKey' },
        );
      await lockLoansForCollection(repos.tx, [order.loanId]);
      const collected = await repos.ledger.entriesOf(`debit.collected:${order.idempotencyKey}`);
      if (collected.length === 0)
        throw new AppError('UNPROCESSABLE', 'the order has no collection journal', {
          field: 'orderKey',
        });
      const paid = { principal: 0n, interest: 0n, fee: 0n, penalty: 0n };
      for (const entry of collected) {
        const component = collectedComponentOf(entry.account.code);
        if (component === 'suspense' && entry.amount !== 0n)
          throw new AppError(
            'UNPROCESSABLE',
            'part of the money is held as an overpayment: settle that anomaly first',
            { field: 'orderKey' },
          );
        if (component && component !== 'suspense') paid[component] -= entry.amount;
      }
      const today = clock.today();
      const reopened = await reverseCollectionOnInstallment(repos.tx, {
        installmentId: order.installmentId,
        loanId: order.loanId,
        paid,
        today,
      });
      if (!reopened)
        throw new AppError(
          'UNPROCESSABLE',
          'the installment was rescheduled or paid otherwise since: reverse it by hand',
          { field: 'orderKey' },
        );
      // Overdue again: the accrual resumes after today, skipping the days it stood as paid.
      if (reopened.status === 'overdue')
        await resumeAccrualAfter(repos.tx, order.installmentId, today);
      await postJournal(repos.ledger, {
        idempotencyKey: `debit.reversed:${order.idempotencyKey}`,
        kind: 'debit_reversed',
        effectiveDate: today,
        loanId: order.loanId,
        memo: reason,
        // The collection was posted to its owner's accounts at its date: undo exactly those.
        keepAccounts: true,
        entries: collected.map((e) => ({ account: e.account, amount: -e.amount })),
      });
      const moved = await repos.debits.transitionMany(
        [
          {
            id: order.id,
            from: ['succeeded'],
            to: 'reversed',
            patch: { resultClass: null, rawCode: 'REVERSED', rawMessage: reason, finished: true },
          },
        ],
        actor,
      );
      if (!moved.has(order.id))
        throw new AppError('CONFLICT', 'the order changed meanwhile', { field: 'orderKey' });
      await repos.outbox.add({
        eventId: `debit.reversed:${order.idempotencyKey}`,
        topic: 'debit.reversed',
        aggregateType: 'debit_order',
        aggregateId: order.idempotencyKey,
        payload: {
          amount: fenToYuan(order.amount),
          reason,
          installmentStatus: reopened.status,
          principal: fenToYuan(paid.principal),
          interest: fenToYuan(paid.interest),
          fee: fenToYuan(paid.fee),
          penalty: fenToYuan(paid.penalty),
        },
      });
      return { orderKey, status: 'reversed' as const, installmentStatus: reopened.status };
    });
}
