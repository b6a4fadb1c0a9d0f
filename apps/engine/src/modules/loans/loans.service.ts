// Loans: intake (loan-intake.ts), pauses (loan-pauses.ts) and reads (loans.read.ts), with the
// demo seed's history. Transports validate; this decides.
import type { Clock } from '../../lib/clock';
import type { FieldCrypto } from '../../lib/crypto';
import { notFound } from '../../lib/errors';
import { collectionJournal, postJournal } from '../ledger';
import type { ReferenceService } from '../reference';
import { createLoanIntake, type LoansTransaction } from './loan-intake';
import { createLoanPauses } from './loan-pauses';
import { createLoanReads } from './loans.read';
import type { LoansRepo } from './loans.repo';

export { intakeRequestHash } from './loan-intake';

export function createLoansService(deps: {
  read: LoansRepo;
  transaction: LoansTransaction;
  reference: ReferenceService;
  crypto: FieldCrypto;
  clock: Clock;
}) {
  const { read, transaction, reference, crypto, clock } = deps;

  const { viewOf, ...reads } = createLoanReads(read, () => clock.today());

  return {
    ...createLoanIntake({ read, transaction, reference, crypto, clock, viewOf }),
    getLoan: viewOf,
    ...createLoanPauses({ transaction, clock, viewOf }),

    /**
     * Demo seed only: marks the given periods fully paid on their due dates and posts the
     * matching collections, so the demo's ledger agrees with its plans.
     */
    recordDemoHistory: (orderNo: string, periods: number[]) =>
      transaction(async ({ loans, ledger }) => {
        const loan = await loans.findLoan(orderNo);
        if (!loan) throw notFound(`loan ${orderNo}`, 'orderNo');
        const paid = await loans.markPeriodsPaid(loan.id, loan.currentPlanVersion, periods);
        if (paid.principal + paid.interest === 0n) return;
        await postJournal(
          ledger,
          collectionJournal({
            idempotencyKey: `demo.collection:${orderNo}`,
            kind: 'demo_collection',
            loanId: loan.id,
            funderCode: loan.funderCode,
            principal: paid.principal,
            interest: paid.interest,
            effectiveDate: clock.today(),
          }),
        );
      }),

    /** Installments past due and not fully paid become overdue, with their overdue days as of `today`. */
    refreshOverdue: (today: string) => read.refreshOverdue(today),

    ...reads,
  };
}

export type LoansService = ReturnType<typeof createLoansService>;
