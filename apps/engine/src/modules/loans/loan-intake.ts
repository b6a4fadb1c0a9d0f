// Loan intake, idempotent by orderNo: the request's fingerprint, the plan built from the terms
// (@repay/rules buildSchedule), and one transaction for the loan, its booking journal, the event
// and the audit row. The same body again is a replay, another body a 409.
import {
  buildSchedule,
  fenToYuan,
  ScheduleInputError,
  yuanToFen,
  type ScheduleInput,
} from '@repay/rules';
import type { Clock } from '../../lib/clock';
import type { FieldCrypto } from '../../lib/crypto';
import { AppError } from '../../lib/errors';
import { requestHash } from '../../lib/request-hash';
import { maskCardNo, maskIdNo, maskMobile, maskName } from '../../lib/mask';
import type { Transactor } from '../../lib/transaction';
import type { Actor, AuditLog, OutboxRepo } from '../events';
import { loanBookedJournal, postJournal, type LedgerRepo } from '../ledger';
import type { ReferenceService } from '../reference';
import type { CreateLoanInput, LoanView } from './loans.schema';
import type { LoansRepo } from './loans.repo';
import type { NewLoanBundle } from './loans.types';

/** An intake request's fingerprint: equal content ⇔ equal hash, whatever the key order, "12" vs "12.00" or "0.12" vs "0.120". */
export function intakeRequestHash(input: CreateLoanInput): string {
  return requestHash(
    {
      ...input,
      residualValue: input.residualValue ?? '0',
      paymentTiming: input.paymentTiming ?? 'arrears',
      firstDueDate: input.firstDueDate ?? null,
      card: input.card ?? null,
    },
    { amounts: ['principal', 'residualValue'], decimals: ['annualRate'] },
  );
}

class OrderNoTaken extends Error {}

const scheduleFieldToInput: Record<string, string> = {
  principalFen: 'principal',
  residualValueFen: 'residualValue',
};

/** The loans service's transaction: the loan, its journals, its events and audit rows. */
export type LoansTransaction = Transactor<{
  loans: LoansRepo;
  ledger: LedgerRepo;
  outbox: OutboxRepo;
  audit: AuditLog;
}>;

export function createLoanIntake(deps: {
  read: LoansRepo;
  transaction: LoansTransaction;
  reference: ReferenceService;
  crypto: FieldCrypto;
  clock: Clock;
  viewOf: (orderNo: string) => Promise<LoanView>;
}) {
  const { read, transaction, reference, crypto, clock, viewOf } = deps;

  async function replayOrConflict(
    orderNo: string,
    hash: string,
  ): Promise<{ created: false; loan: LoanView }> {
    const existing = await read.findLoanIdentity(orderNo);
    if (!existing) throw new AppError('INTERNAL', `loan ${orderNo} vanished during intake`);
    if (existing.requestHash !== hash) {
      throw new AppError('CONFLICT', `orderNo ${orderNo} already exists with different content`, {
        field: 'orderNo',
      });
    }
    return { created: false, loan: await viewOf(orderNo) };
  }

  async function buildBundle(input: CreateLoanInput, hash: string): Promise<NewLoanBundle> {
    const funder = await reference.requireActiveFunder(input.funderCode);
    const product = await reference.requireActiveProduct(input.productCode);
    if (product.businessLine !== input.businessLine) {
      throw new AppError(
        'UNPROCESSABLE',
        `product ${product.code} belongs to business line ${product.businessLine}`,
        {
          field: 'businessLine',
        },
      );
    }
    const residualValue = yuanToFen(input.residualValue ?? '0');
    if (residualValue > 0n && input.repaymentMethod !== 'lease_rent') {
      throw new AppError('VALIDATION_FAILED', 'residualValue applies to lease_rent only', {
        field: 'residualValue',
      });
    }
    const scheduleInput: ScheduleInput = {
      principalFen: yuanToFen(input.principal),
      annualRate: input.annualRate,
      termMonths: input.termMonths,
      method: input.repaymentMethod,
      startDate: input.startDate,
      firstDueDate: input.firstDueDate,
      dayCount: product.dayCount,
      residualValueFen: residualValue,
      paymentTiming: input.paymentTiming ?? 'arrears',
    };
    let schedule;
    try {
      schedule = buildSchedule(scheduleInput);
    } catch (error) {
      if (error instanceof ScheduleInputError) {
        const field = scheduleFieldToInput[error.field] ?? error.field;
        throw new AppError('VALIDATION_FAILED', `${field}: ${error.message}`, {
          field,
          cause: error,
        });
      }
      throw error;
    }
    const { borrower, card } = input;
    return {
      orderNo: input.orderNo,
      requestHash: hash,
      businessLine: input.businessLine,
      funderId: funder.id,
      productId: product.id,
      borrower: {
        nameEnc: crypto.encrypt(borrower.name),
        nameMask: maskName(borrower.name),
        idNoEnc: crypto.encrypt(borrower.idNo),
        idNoHash: crypto.lookupHash(borrower.idNo),
        idNoMask: maskIdNo(borrower.idNo),
        mobileEnc: crypto.encrypt(borrower.mobile),
        mobileHash: crypto.lookupHash(borrower.mobile),
        mobileMask: maskMobile(borrower.mobile),
      },
      card: card
        ? {
            cardNoEnc: crypto.encrypt(card.cardNo),
            cardNoHash: crypto.lookupHash(card.cardNo),
            cardNoMask: maskCardNo(card.cardNo),
            bankCode: card.bankCode,
          }
        : null,
      principal: scheduleInput.principalFen,
      annualRate: input.annualRate,
      termMonths: input.termMonths,
      repaymentMethod: input.repaymentMethod,
      dayCount: product.dayCount,
      startDate: input.startDate,
      firstDueDate: schedule[0]!.dueDate,
      residualValue,
      paymentTiming: input.paymentTiming ?? 'arrears',
      installments: schedule.map((s) => ({
        period: s.period,
        dueDate: s.dueDate,
        principalDue: s.principalFen,
        interestDue: s.interestFen,
      })),
    };
  }

  return {
    /** Sync one order and build its plan; the same body again is a harmless replay, a different one a 409. */
    async createLoan(
      input: CreateLoanInput,
      actor: Actor,
    ): Promise<{ created: boolean; loan: LoanView }> {
      const hash = intakeRequestHash(input);
      if (await read.findLoanIdentity(input.orderNo)) return replayOrConflict(input.orderNo, hash);
      const bundle = await buildBundle(input, hash);
      const inserted = await transaction(async ({ loans, ledger, outbox, audit }) => {
        const loanId = await loans.insertLoan(bundle);
        // Roll back everything written so far (a new borrower row, say): the twin's content decides.
        if (loanId === null) throw new OrderNoTaken();
        await postJournal(
          ledger,
          loanBookedJournal({
            orderNo: input.orderNo,
            loanId,
            funderCode: input.funderCode,
            principal: bundle.principal,
            effectiveDate: clock.today(),
          }),
        );
        await outbox.add({
          eventId: `loan.created:${input.orderNo}`,
          topic: 'loan.created',
          aggregateType: 'loan',
          aggregateId: input.orderNo,
          payload: {
            orderNo: input.orderNo,
            businessLine: input.businessLine,
            funderCode: input.funderCode,
            productCode: input.productCode,
            principal: fenToYuan(bundle.principal),
            termMonths: input.termMonths,
          },
        });
        await audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'loan.create',
          entityType: 'loan',
          entityId: input.orderNo,
        });
        return true;
      }).catch((error: unknown) => {
        if (error instanceof OrderNoTaken) return false;
        throw error;
      });
      // A concurrent twin won the unique orderNo: answer as a replay (or 409) instead of failing.
      if (!inserted) return replayOrConflict(input.orderNo, hash);
      return { created: true, loan: await viewOf(input.orderNo) };
    },
  };
}
