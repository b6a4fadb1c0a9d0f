// Completing a transfer: for each loan, whatever was posted for the cut-off date or later moves
// to the buyer, then the seller's principal receivable of the loan; the price (ratio ×
// principal, half-up to the fen) is recorded for the funders' settlement (payouts).
import { Dec, fenToYuan, roundFen } from '@repay/rules';
import type { AuditLog, OutboxRepo } from '../events';
import { accountOfFunder, accounts, postJournals, type Journal, type LedgerRepo } from '../ledger';
import type { TransferRecord, TransfersRepo } from './transfers.repo';

export type TransferRepos = {
  transfers: TransfersRepo;
  ledger: LedgerRepo;
  outbox: OutboxRepo;
  audit: AuditLog;
};

/** Complete one scheduled transfer (each loan: reattribute, move the receivable, new owner). */
export async function completeTransfer(repos: TransferRepos, transfer: TransferRecord) {
  const toFunderId = await repos.transfers.toFunderIdOf(transfer.id);
  for (const loan of await repos.transfers.loansOf(transfer.id)) {
    if (loan.status === 'completed') continue;
    await repos.transfers.lockLoan(loan.loanId);
    const moved: Journal[] = (
      await repos.transfers.journalsToReattribute(loan.loanId, loan.fromFunderCode, loan.cutoffDate)
    ).map((j) => ({
      idempotencyKey: `asset_transfer.reattribute:${loan.id}:${j.journalId}`,
      kind: 'asset_transfer_reattribution',
      effectiveDate: j.effectiveDate,
      loanId: loan.loanId,
      keepAccounts: true,
      memo: `${transfer.transferId}: effective on or after the cut-off ${loan.cutoffDate}`,
      entries: j.entries.flatMap((e) => [
        { account: e.account, amount: -e.amount },
        { account: accountOfFunder(e.account, loan.toFunderCode), amount: e.amount },
      ]),
    }));
    await postJournals(repos.ledger, moved);
    const principal = await repos.transfers.principalReceivable(loan.loanId, loan.fromFunderCode);
    if (principal !== 0n)
      await postJournals(repos.ledger, [
        {
          idempotencyKey: `asset_transfer:${loan.id}`,
          kind: 'asset_transfer',
          effectiveDate: loan.cutoffDate,
          loanId: loan.loanId,
          keepAccounts: true,
          memo: transfer.transferId,
          entries: [
            { account: accounts.principalReceivable(loan.toFunderCode), amount: principal },
            { account: accounts.principalReceivable(loan.fromFunderCode), amount: -principal },
          ],
        },
      ]);
    const price = roundFen(new Dec(principal.toString()).mul(transfer.priceRatio));
    await repos.transfers.completeLoan(loan.id, loan.loanId, toFunderId, { principal, price });
    await repos.outbox.add({
      eventId: `loan.transferred:${loan.orderNo}:${transfer.transferId}`,
      topic: 'loan.transferred',
      aggregateType: 'loan',
      aggregateId: loan.orderNo,
      payload: {
        orderNo: loan.orderNo,
        transferId: transfer.transferId,
        fromFunderCode: loan.fromFunderCode,
        toFunderCode: loan.toFunderCode,
        cutoffDate: loan.cutoffDate,
        principal: fenToYuan(principal),
        price: fenToYuan(price),
      },
    });
  }
  await repos.transfers.completeTransfer(transfer.id);
}
