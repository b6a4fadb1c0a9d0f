// What other modules do to loans inside their own transaction: the debit state machine collects
// on installments and settles loans at their quotes. Each function takes the caller's
// transaction first; callers keep the lock order of every money path (loans, then quotes, then
// installments).
import type { Executor } from '../../lib/executor';
import { createOutboxRepo } from '../events';
import { createLedgerRepo } from '../ledger';
import { createCollectionsRepo, type Components } from './collections.repo';
import { createSettlementRepo, type QuoteRecord } from './settlement.repo';
import { quoteIdOfDebit, settleAtQuote, stateHashOf } from './settle-quote';

/** Lock these loans before any quote or installment of theirs (see collections.repo.ts). */
export const lockLoansForCollection = (tx: Executor, loanIds: bigint[]) =>
  createCollectionsRepo(tx).lockLoans(loanIds);

/** Add collected money to installments and their loans; per loan, whether it is now settled. */
export const collectOnInstallments = (
  tx: Executor,
  items: { installmentId: bigint; loanId: bigint; paid: Components }[],
) => createCollectionsRepo(tx).applyCollections(items);

/** Take back what a reversed collection added to its installment and loan (see the repo). */
export const reverseCollectionOnInstallment = (
  tx: Executor,
  item: { installmentId: bigint; loanId: bigint; paid: Components; today: string },
) =>
  createCollectionsRepo(tx).reverseCollection(
    item.installmentId,
    item.loanId,
    item.paid,
    item.today,
  );

/** The quote a settlement debit pays, locked; null when the order is not a settlement debit's. */
export async function lockQuoteOfSettlementDebit(
  tx: Executor,
  orderKey: string,
): Promise<QuoteRecord | null> {
  const quoteId = quoteIdOfDebit(orderKey);
  return quoteId === null ? null : createSettlementRepo(tx).quoteById(quoteId, true);
}

/**
 * A settlement debit's success: the loan settles as quoted while the quote stands (open, or
 * debiting; also when the success comes after the debit failed and the quote was given back) and
 * the loan is as it was quoted. False when not: the caller holds the money in suspense.
 */
export async function settleLoanByDebit(
  tx: Executor,
  s: {
    quote: QuoteRecord;
    loanId: bigint;
    orderNo: string;
    funderCode: string;
    orderKey: string;
    effectiveDate: string;
  },
): Promise<boolean> {
  const { quote } = s;
  const open = await createCollectionsRepo(tx).lockOpenInstallments(s.loanId);
  if (quote.status !== 'debiting' && quote.status !== 'open') return false;
  if (stateHashOf(open) !== quote.stateHash) return false;
  const repos = {
    settlement: createSettlementRepo(tx),
    ledger: createLedgerRepo(tx),
    outbox: createOutboxRepo(tx),
  };
  return settleAtQuote(repos, {
    quote,
    orderNo: s.orderNo,
    funderCode: s.funderCode,
    method: 'debit',
    reference: (quote.status === 'debiting' ? quote.settleReference : null) ?? s.orderKey,
    orderKey: s.orderKey,
    effectiveDate: s.effectiveDate,
  });
}

/** Failed settlement debits give their quotes back, to be used again until they expire. */
export async function reopenQuotesOfFailedDebits(tx: Executor, orderKeys: string[]) {
  const quoteIds = orderKeys.map(quoteIdOfDebit).filter((q): q is string => q !== null);
  await createSettlementRepo(tx).reopen(quoteIds);
}
