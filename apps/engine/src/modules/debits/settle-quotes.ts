// Settlement debits that succeeded (debits of a settlement quote, not of an installment).
import { fenToYuan, noComponents } from '@repay/rules';
import { recordAnomalies } from '../anomalies';
import { lockQuoteOfSettlementDebit, settleLoanByDebit } from '../loans';
import { debitCollectedJournal, postJournals } from '../ledger';
import type { Actor, Repos } from './results.types';
import { lateSuccess, overpayment, successMove, type Success } from './success-records';

/**
 * Settlement debits that succeeded: the loan settles as quoted, also when the success comes
 * after the debit failed and the quote was given back (it is still the loan's state). Should
 * the loan have changed since the quote, or the quote have been used, the money is held in
 * suspense and listed as an overpayment instead of being forced onto changed installments.
 */
export async function settleQuotes(
  repos: Repos,
  successes: Success[],
  actor: Actor,
): Promise<Set<bigint>> {
  if (successes.length === 0) return new Set();
  const moved = await repos.debits.transitionMany(
    successes.map((s) => successMove(s.order, s.answer, s.late)),
    actor,
  );
  for (const s of successes.filter((x) => moved.has(x.order.id))) {
    const { order } = s;
    const quote = await lockQuoteOfSettlementDebit(repos.tx, order.idempotencyKey);
    const [inst] = (await repos.debits.lockInstallments([order.installmentId])).values();
    if (!quote || !inst) throw new Error(`settlement debit ${order.idempotencyKey} lost its quote`);
    const applied = await settleLoanByDebit(repos.tx, {
      quote,
      loanId: order.loanId,
      orderNo: inst.orderNo,
      funderCode: inst.funderCode,
      orderKey: order.idempotencyKey,
      effectiveDate: order.businessDate,
    });
    if (!applied)
      await postJournals(repos.ledger, [
        debitCollectedJournal({
          orderKey: order.idempotencyKey,
          loanId: order.loanId,
          funderCode: inst.funderCode,
          effectiveDate: order.businessDate,
          paid: noComponents(),
          unallocated: order.amount,
        }),
      ]);
    await recordAnomalies(repos.tx, [
      ...(s.late ? [lateSuccess(s)] : []),
      ...(applied
        ? []
        : [
            overpayment(
              order,
              order.amount,
              s.source,
              'the settlement quote was used or the loan changed since it',
            ),
          ]),
    ]);
    await repos.outbox.add({
      eventId: `debit.succeeded:${order.idempotencyKey}`,
      topic: 'debit.succeeded',
      aggregateType: 'debit_order',
      aggregateId: order.idempotencyKey,
      payload: {
        orderNo: inst.orderNo,
        amount: fenToYuan(order.amount),
        channel: order.channelCode,
        unallocated: fenToYuan(applied ? 0n : order.amount),
        loanSettled: applied,
      },
    });
  }
  return moved;
}
