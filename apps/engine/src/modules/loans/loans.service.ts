// Loan intake (idempotent by orderNo), plans and reads. Transports validate; this decides.
import { createHash } from 'node:crypto';
import {
  addDays,
  buildSchedule,
  fenToYuan,
  ScheduleInputError,
  yuanToFen,
  type ScheduleInput,
} from '@repay/rules';
import type { Clock } from '../../lib/clock';
import type { FieldCrypto } from '../../lib/crypto';
import { AppError, notFound } from '../../lib/errors';
import { requestHash } from '../../lib/request-hash';
import { maskCardNo, maskIdNo, maskMobile, maskName } from '../../lib/mask';
import type { Transactor } from '../../lib/transaction';
import type { Actor, AuditLog, OutboxRepo } from '../events';
import { collectionJournal, loanBookedJournal, postJournal, type LedgerRepo } from '../ledger';
import type { ReferenceService } from '../reference';
import type { CreateLoanInput, LoanListInput, LoanView } from './loans.schema';
import { loanView, pausedView, planView } from './loans.view';
import type { LoansRepo } from './loans.repo';
import type { NewLoanBundle } from './loans.types';
import { decodeCursor, encodeCursor } from './cursor';
import { requireActiveLoan } from './loan-guards';

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

/** The longest pause a single request may set (it is time-boxed by design). */
const MAX_PAUSE_DAYS = 180;

const scheduleFieldToInput: Record<string, string> = {
  principalFen: 'principal',
  residualValueFen: 'residualValue',
};

export function createLoansService(deps: {
  read: LoansRepo;
  transaction: Transactor<{
    loans: LoansRepo;
    ledger: LedgerRepo;
    outbox: OutboxRepo;
    audit: AuditLog;
  }>;
  reference: ReferenceService;
  crypto: FieldCrypto;
  clock: Clock;
}) {
  const { read, transaction, reference, crypto, clock } = deps;

  async function viewOf(orderNo: string): Promise<LoanView> {
    const loan = await read.findLoan(orderNo);
    if (!loan) throw notFound(`loan ${orderNo}`, 'orderNo');
    const plan = await read.findPlan(loan.id, loan.currentPlanVersion);
    if (!plan)
      throw new AppError(
        'INTERNAL',
        `loan ${orderNo} has no plan version ${loan.currentPlanVersion}`,
      );
    return loanView(loan, plan);
  }

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

    getLoan: viewOf,

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
          eventId: `loan.paused:${orderNo}:${input.until}:${createHash('sha256').update(input.reason).digest('hex').slice(0, 12)}`,
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

    async getLoanDetail(orderNo: string) {
      const loan = await read.findLoan(orderNo);
      if (!loan) throw notFound(`loan ${orderNo}`, 'orderNo');
      const plan = await read.findPlan(loan.id, loan.currentPlanVersion);
      if (!plan) throw new AppError('INTERNAL', `loan ${orderNo} has no current plan`);
      return {
        ...loanView(loan, plan),
        funderName: loan.funderName,
        productName: loan.productName,
        annualRate: loan.annualRate,
        termMonths: loan.termMonths,
        repaymentMethod: loan.repaymentMethod,
        dayCount: loan.dayCount,
        startDate: loan.startDate,
        firstDueDate: loan.firstDueDate,
        createdAt: loan.createdAt.toISOString(),
        card: loan.card ? { cardNo: loan.card.cardNoMask, bankCode: loan.card.bankCode } : null,
      };
    },

    async getPlan(orderNo: string, version: number | undefined) {
      const loan = await read.findLoan(orderNo);
      if (!loan) throw notFound(`loan ${orderNo}`, 'orderNo');
      const wanted = version ?? loan.currentPlanVersion;
      const plan = await read.findPlan(loan.id, wanted);
      if (!plan) throw notFound(`plan version ${wanted} of loan ${orderNo}`, 'version');
      return {
        orderNo,
        ...planView(plan),
        current: wanted === loan.currentPlanVersion,
        reason: plan.reason,
        createdAt: plan.createdAt.toISOString(),
      };
    },

    async listDebits(orderNo: string) {
      const loan = await read.findLoanIdentity(orderNo);
      if (!loan) throw notFound(`loan ${orderNo}`, 'orderNo');
      const debits = await read.listDebits(loan.id);
      return debits.map((d) => ({
        debitId: `dbt_${d.id}`,
        period: d.period,
        amount: fenToYuan(d.amount),
        channel: d.channelCode,
        status: d.status,
        resultClass: d.resultClass,
        rawCode: d.rawCode,
        rawMessage: d.rawMessage,
        businessDate: d.businessDate,
        window: d.window,
        createdAt: d.createdAt.toISOString(),
        finishedAt: d.finishedAt?.toISOString() ?? null,
      }));
    },

    async listLoans(filter: LoanListInput) {
      const after = filter.cursor ? decodeCursor(filter.cursor) : null;
      const rows = await read.listLoans(filter, after, filter.limit + 1);
      const page = rows.slice(0, filter.limit);
      const last = page.at(-1);
      return {
        items: page.map((r) => ({
          orderNo: r.orderNo,
          businessLine: r.businessLine,
          funderCode: r.funderCode,
          funderName: r.funderName,
          productCode: r.productCode,
          productName: r.productName,
          borrowerName: r.borrowerName,
          principal: fenToYuan(r.principal),
          outstandingPrincipal: fenToYuan(r.outstandingPrincipal),
          termMonths: r.termMonths,
          repaymentMethod: r.repaymentMethod,
          status: r.status,
          paused: pausedView(r),
          nextDueDate: r.nextDueDate,
          createdAt: r.createdAt.toISOString(),
        })),
        nextCursor: rows.length > filter.limit && last ? encodeCursor(last.id) : null,
      };
    },
  };
}

export type LoansService = ReturnType<typeof createLoansService>;
