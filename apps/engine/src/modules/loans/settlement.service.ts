// Early settlement (docs/api.md Collections; docs/domain.md Overdue): a quote by date locks the amount
// until the end of that day (Asia/Shanghai) and reflects the rules in force (the prepayment
// fee of the loan's fee rule); `settle` uses a quote once, idempotent by quoteId.
//
// Decisions: a quote is for today or a later date up to 30 days ahead; a
// loan that changed since its quote (a debit or a repayment landed) needs a new quote (409
// `quoteId`), so a settlement never collects twice; settling while a debit of the loan is in
// flight is refused (409 `orderNo`) for the same reason. Settling "by debit" creates one debit
// order of the quoted amount (source `settlement`) routed and sent like any other; the quote is
// `debiting` until its answer: success settles the loan as quoted (debits/results.service.ts),
// a failure reopens the quote, an unknown answer is queried like every debit.
import { randomBytes } from 'node:crypto';
import {
  addDays,
  compareDates,
  compileCharge,
  fenToYuan,
  isValidDate,
  settlementQuote,
} from '@repay/rules';
import type { Clock } from '../../lib/clock';
import { AppError, notFound } from '../../lib/errors';
import type { Transactor } from '../../lib/transaction';
import type { Actor, AuditLog, OutboxRepo } from '../events';
import { accounts, type LedgerRepo } from '../ledger';
import type { RuleResolver } from '../rules';
import type { CollectionsRepo } from './collections.repo';
import type { LoansRepo } from './loans.repo';
import {
  debitInFlightConflict,
  requireActiveLoan,
  requireActiveWithNoDebitInFlight,
} from './loan-guards';
import { settleAtQuote, settlementDebitKey, stateHashOf } from './settle-quote';
import type { QuoteRecord, SettlementRepo } from './settlement.repo';

export const QUOTE_DAYS_AHEAD = 30;

type Repos = {
  loans: LoansRepo;
  collections: CollectionsRepo;
  settlement: SettlementRepo;
  ledger: LedgerRepo;
  outbox: OutboxRepo;
  audit: AuditLog;
};

const quoteView = (orderNo: string, q: QuoteRecord) => ({
  quoteId: q.quoteId,
  orderNo,
  date: q.quoteDate,
  amount: fenToYuan(q.amount),
  breakdown: {
    principal: fenToYuan(q.principal),
    interest: fenToYuan(q.interest),
    penalty: fenToYuan(q.penalty),
    fee: fenToYuan(q.fee),
    prepaymentFee: fenToYuan(q.prepaymentFee),
  },
  expiresAt: q.expiresAt.toISOString(),
});

/** `settled`, or for a debit still waiting for the channel `pending`, or `failed` (reopened). */
const settledView = (
  orderNo: string,
  q: QuoteRecord,
  asked: { method: string; reference: string },
) => ({
  orderNo,
  quoteId: q.quoteId,
  status:
    q.status === 'settled'
      ? ('settled' as const)
      : q.status === 'debiting'
        ? ('pending' as const)
        : ('failed' as const),
  amount: fenToYuan(q.amount),
  method: q.settleMethod ?? asked.method,
  reference: q.settleReference ?? asked.reference,
  settledAt: q.settledAt?.toISOString() ?? null,
});

export function createSettlementService(deps: {
  read: SettlementRepo;
  transaction: Transactor<Repos>;
  rules: RuleResolver;
  clock: Clock;
  /** Route and send a settlement debit created here (the debits module; after the commit). */
  submitDebit: (orderKey: string) => Promise<void>;
}) {
  const { read, transaction, rules, clock, submitDebit } = deps;

  return {
    async quote(orderNo: string, date: string | undefined, actor: Actor) {
      const today = clock.today();
      const on = date ?? today;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(on) || !isValidDate(on))
        throw new AppError('VALIDATION_FAILED', 'date is a calendar date as YYYY-MM-DD', {
          field: 'date',
        });
      if (compareDates(on, today) < 0)
        throw new AppError('UNPROCESSABLE', `a quote is for today (${today}) or later`, {
          field: 'date',
        });
      if (compareDates(on, addDays(today, QUOTE_DAYS_AHEAD)) > 0)
        throw new AppError(
          'UNPROCESSABLE',
          `a quote is for at most ${QUOTE_DAYS_AHEAD} days ahead`,
          { field: 'date' },
        );
      // Rules are read before the transaction: a transaction holds its own connection.
      const fees = await rules.snapshot('fee');
      return transaction(async (repos) => {
        const loan = await repos.loans.findLoan(orderNo);
        if (!loan) throw notFound(`loan ${orderNo}`, 'orderNo');
        requireActiveLoan(loan, orderNo);
        const open = await repos.collections.lockOpenInstallments(loan.id);
        if (open.length === 0)
          throw new AppError('UNPROCESSABLE', `loan ${orderNo} owes nothing`, {
            field: 'orderNo',
          });
        const resolved = fees(
          {
            businessLine: loan.businessLine,
            funderCode: loan.funderCode,
            productCode: loan.productCode,
            loanKey: orderNo,
          },
          clock.now(),
        );
        const prepayment = resolved?.rule.charges.find((c) => c.type === 'prepayment_fee');
        const compiled = prepayment ? compileCharge(prepayment) : null;
        const q = settlementQuote({
          date: on,
          startDate: loan.startDate,
          installments: open.map((i) => ({
            id: String(i.id),
            period: i.period,
            dueDate: i.dueDate,
            outstanding: i.outstanding,
          })),
          dueDates: await repos.settlement.dueDates(loan.id),
          prepaymentFee: (base) =>
            compiled
              ? compiled.chargeNow({
                  overduePrincipalFen: 0n,
                  overdueInterestFen: 0n,
                  outstandingPrincipalFen: base,
                  contractRate: loan.annualRate,
                  installmentNo: open[0]!.period,
                  termCount: loan.termMonths,
                  remainingTerms: open.length,
                })
              : 0n,
        });
        const record = {
          quoteId: `sq_${randomBytes(12).toString('hex')}`,
          loanId: loan.id,
          quoteDate: on,
          amount: q.amount,
          principal: q.breakdown.principal,
          interest: q.breakdown.interest,
          penalty: q.breakdown.penalty,
          fee: q.breakdown.fee,
          prepaymentFee: q.breakdown.prepaymentFee,
          lines: q.lines.map((l) => ({
            id: l.id,
            charge: Object.fromEntries(Object.entries(l.charge).map(([k, v]) => [k, String(v)])),
            forgivenInterest: String(l.forgivenInterest),
          })),
          stateHash: stateHashOf(open),
          // Locked until the end of the quote date in business time.
          expiresAt: new Date(Date.parse(`${addDays(on, 1)}T00:00:00+08:00`) - 1),
          ruleVersionId: resolved && prepayment ? BigInt(resolved.versionId) : null,
          createdBy: `${actor.type}:${actor.id}`,
        };
        await repos.settlement.insertQuote(record);
        return quoteView(orderNo, {
          ...record,
          id: 0n,
          status: 'open',
          settledAt: null,
          settleMethod: null,
          settleReference: null,
        });
      });
    },

    async settle(
      orderNo: string,
      input: { quoteId: string; method: 'debit' | 'offline'; reference: string },
      actor: Actor,
    ) {
      const result = await transaction(async (repos) => {
        const loan = await repos.loans.findLoan(orderNo);
        if (!loan) throw notFound(`loan ${orderNo}`, 'orderNo');
        // First, before any row lock: what is in flight below is all there is until commit.
        await repos.loans.lockLoan(loan.id);
        const quote = await repos.settlement.quoteById(input.quoteId, true);
        if (!quote) throw notFound(`quote ${input.quoteId}`, 'quoteId');
        if (quote.loanId !== loan.id)
          throw new AppError('UNPROCESSABLE', `quote ${input.quoteId} is not for ${orderNo}`, {
            field: 'quoteId',
          });
        if (quote.status !== 'open') {
          if (quote.settleMethod === input.method && quote.settleReference === input.reference)
            // A settlement debit the first call could not send (its process died, or the call
            // threw before submitting) is sent by the retry; one already submitted is not.
            return {
              replay: true,
              submit:
                quote.status === 'debiting'
                  ? settlementDebitKey(
                      quote.quoteId,
                      await repos.settlement.settlementDebitAttempts(quote.quoteId),
                    )
                  : null,
            };
          throw new AppError(
            'CONFLICT',
            `quote ${input.quoteId} was used with reference ${quote.settleReference}`,
            { field: 'quoteId' },
          );
        }
        if (clock.now() > quote.expiresAt)
          throw new AppError('UNPROCESSABLE', `quote ${input.quoteId} expired`, {
            field: 'quoteId',
          });
        await requireActiveWithNoDebitInFlight(repos.settlement, loan, orderNo, 'settle');
        const open = await repos.collections.lockOpenInstallments(loan.id);
        if (stateHashOf(open) !== quote.stateHash)
          throw new AppError(
            'CONFLICT',
            'the loan changed since the quote (a payment landed): ask for a new quote',
            { field: 'quoteId' },
          );
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'loan.settle',
          entityType: 'loan',
          entityId: orderNo,
          diff: { quoteId: input.quoteId, amount: fenToYuan(quote.amount), method: input.method },
        });
        if (input.method === 'debit') {
          if (!loan.cardId)
            throw new AppError('UNPROCESSABLE', `loan ${orderNo} has no bound card to debit`, {
              field: 'method',
            });
          const orderKey = settlementDebitKey(
            quote.quoteId,
            (await repos.settlement.settlementDebitAttempts(quote.quoteId)) + 1,
          );
          const made = await repos.settlement.insertSettlementDebit({
            orderKey,
            loanId: loan.id,
            installmentId: open[0]!.id,
            funderId: loan.funderId,
            cardId: loan.cardId,
            businessDate: clock.today(),
            amount: quote.amount,
          });
          // The guard refused it: the quote stays open, with no order behind a `debiting` state.
          if (!made) throw debitInFlightConflict('settle');
          await repos.settlement.markDebiting(quote.id, input.reference);
          return { replay: false, submit: orderKey };
        }
        const settled = await settleAtQuote(repos, {
          quote,
          orderNo,
          funderCode: loan.funderCode,
          method: 'offline',
          reference: input.reference,
          orderKey: input.quoteId,
          receivedInto: accounts.offlineReceipts(loan.funderCode),
          effectiveDate: clock.today(),
        });
        if (!settled)
          throw new AppError('CONFLICT', `quote ${input.quoteId} is being used`, {
            field: 'quoteId',
          });
        return { replay: false, submit: null };
      });
      // Sent after the commit: the order exists (and is queried) whatever happens to the call.
      if (result.submit) await submitDebit(result.submit);
      const quote = (await read.quoteById(input.quoteId))!;
      return { created: !result.replay, settlement: settledView(orderNo, quote, input) };
    },
  };
}

export type SettlementService = ReturnType<typeof createSettlementService>;
