// Settling a loan at a quote: shared by the offline settlement and a settlement debit's success
// (debits/results.service.ts). Every open installment is paid as the quote charges it, the
// loan settles, the quote is used once, one collection journal and the loan.settled event.
import { createHash } from 'node:crypto';
import { fenToYuan } from '@repay/rules';
import type { OutboxRepo } from '../events';
import { debitCollectedJournal, postJournal, type AccountRef, type LedgerRepo } from '../ledger';
import type { CollectionsRepo } from './collections.repo';
import type { QuoteRecord, SettlementRepo } from './settlement.repo';

/** A settlement debit's order key: `settlement:<quoteId>:<attempt>` (a failed one may be retried). */
export const SETTLEMENT_DEBIT_PREFIX = 'settlement:';
export const settlementDebitKey = (quoteId: string, attempt: number) =>
  `${SETTLEMENT_DEBIT_PREFIX}${quoteId}:${attempt}`;
export const quoteIdOfDebit = (orderKey: string) =>
  orderKey.startsWith(SETTLEMENT_DEBIT_PREFIX) ? orderKey.split(':')[1]! : null;

type OpenInstallment = Awaited<ReturnType<CollectionsRepo['lockOpenInstallments']>>[number];

/** The loan's open installments as they are: a quote of a loan that changed is stale. */
export const stateHashOf = (open: OpenInstallment[]) =>
  createHash('sha256')
    .update(
      JSON.stringify(
        open.map((i) => [
          String(i.id),
          String(i.outstanding.principal),
          String(i.outstanding.interest),
          String(i.outstanding.fee),
          String(i.outstanding.penalty),
        ]),
      ),
    )
    .digest('hex');

/** Pay every line as quoted and settle; false when the quote was used meanwhile. */
export async function settleAtQuote(
  repos: { settlement: SettlementRepo; ledger: LedgerRepo; outbox: OutboxRepo },
  s: {
    quote: QuoteRecord;
    orderNo: string;
    funderCode: string;
    method: 'debit' | 'offline';
    reference: string;
    /** The collection's idempotency key (the quote for offline, the debit order for debit). */
    orderKey: string;
    receivedInto?: AccountRef;
    effectiveDate: string;
  },
): Promise<boolean> {
  const { quote } = s;
  await repos.settlement.payLines(
    quote.lines.map((l, index) => ({
      installmentId: BigInt(l.id),
      charge: {
        principal: BigInt(l.charge.principal ?? '0'),
        interest: BigInt(l.charge.interest ?? '0'),
        fee: BigInt(l.charge.fee ?? '0'),
        penalty: BigInt(l.charge.penalty ?? '0'),
      },
      forgivenInterest: BigInt(l.forgivenInterest),
      addedFee: index === 0 ? quote.prepaymentFee : 0n,
    })),
  );
  await repos.settlement.settleLoan(quote.loanId);
  if (!(await repos.settlement.markSettled(quote.id, s.method, s.reference))) return false;
  await postJournal(
    repos.ledger,
    debitCollectedJournal({
      orderKey: s.orderKey,
      kind: 'loan.settled',
      receivedInto: s.receivedInto,
      loanId: quote.loanId,
      funderCode: s.funderCode,
      effectiveDate: s.effectiveDate,
      paid: {
        principal: quote.principal,
        interest: quote.interest,
        fee: quote.fee + quote.prepaymentFee,
        penalty: quote.penalty,
      },
      unallocated: 0n,
    }),
  );
  await repos.outbox.add({
    eventId: `loan.settled:${s.orderNo}`,
    topic: 'loan.settled',
    aggregateType: 'loan',
    aggregateId: s.orderNo,
    payload: {
      orderNo: s.orderNo,
      quoteId: quote.quoteId,
      amount: fenToYuan(quote.amount),
      method: s.method,
      reference: s.reference,
    },
  });
  return true;
}
