// Early settlement (API.md Collections; DOMAIN.md Overdue): a quote by date locks the amount
// until the end of that day (Asia/Shanghai) and reflects the rules in force (the prepayment
// fee of the loan's fee rule); `settle` uses a quote once, idempotent by quoteId.
//
// Decisions (ARCHITECTURE.md): a quote is for today or a later date up to 30 days ahead; a
// loan that changed since its quote (a debit or a repayment landed) needs a new quote (409
// `quoteId`), so a settlement never collects twice; settling while a debit of the loan is in
// flight is refused (409 `orderNo`) for the same reason. Settling "by debit" through the
// channels is not built yet: it is refused naming `method`.
import { createHash, randomBytes } from 'node:crypto';
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
import { accounts, debitCollectedJournal, postJournal, type LedgerRepo } from '../ledger';
import type { RuleResolver } from '../rules';
import type { CollectionsRepo } from './collections.repo';
import type { LoansRepo } from './loans.repo';
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

type OpenInstallment = Awaited<ReturnType<CollectionsRepo['lockOpenInstallments']>>[number];

/** The loan's open installments as they are: a quote of a loan that changed is stale. */
const stateHashOf = (open: OpenInstallment[]) =>
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

const settledView = (orderNo: string, q: QuoteRecord) => ({
  orderNo,
  quoteId: q.quoteId,
  status: 'settled' as const,
  amount: fenToYuan(q.amount),
  method: q.settleMethod!,
  reference: q.settleReference!,
  settledAt: q.settledAt!.toISOString(),
});

export function createSettlementService(deps: {
  read: SettlementRepo;
  transaction: Transactor<Repos>;
  rules: RuleResolver;
  clock: Clock;
}) {
  const { read, transaction, rules, clock } = deps;

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
        if (loan.status !== 'active')
          throw new AppError('UNPROCESSABLE', `loan ${orderNo} is ${loan.status}`, {
            field: 'orderNo',
          });
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
      if (input.method === 'debit')
        throw new AppError(
          'UNPROCESSABLE',
          'settling through a channel debit is not available yet: record the payment with method "offline"',
          { field: 'method' },
        );
      const result = await transaction(async (repos) => {
        const loan = await repos.loans.findLoan(orderNo);
        if (!loan) throw notFound(`loan ${orderNo}`, 'orderNo');
        const quote = await repos.settlement.quoteById(input.quoteId, true);
        if (!quote) throw notFound(`quote ${input.quoteId}`, 'quoteId');
        if (quote.loanId !== loan.id)
          throw new AppError('UNPROCESSABLE', `quote ${input.quoteId} is not for ${orderNo}`, {
            field: 'quoteId',
          });
        if (quote.status === 'settled') {
          if (quote.settleMethod === input.method && quote.settleReference === input.reference)
            return { replay: true, quote };
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
        if (loan.status !== 'active')
          throw new AppError('UNPROCESSABLE', `loan ${orderNo} is ${loan.status}`, {
            field: 'orderNo',
          });
        if ((await repos.settlement.debitsInFlight(loan.id)) > 0)
          throw new AppError(
            'CONFLICT',
            'a debit of this loan is in flight: settle once it has an answer',
            { field: 'orderNo' },
          );
        const open = await repos.collections.lockOpenInstallments(loan.id);
        if (stateHashOf(open) !== quote.stateHash)
          throw new AppError(
            'CONFLICT',
            'the loan changed since the quote (a payment landed): ask for a new quote',
            { field: 'quoteId' },
          );
        const lines = quote.lines.map((l, index) => ({
          installmentId: BigInt(l.id),
          charge: {
            principal: BigInt(l.charge.principal ?? '0'),
            interest: BigInt(l.charge.interest ?? '0'),
            fee: BigInt(l.charge.fee ?? '0'),
            penalty: BigInt(l.charge.penalty ?? '0'),
          },
          forgivenInterest: BigInt(l.forgivenInterest),
          addedFee: index === 0 ? quote.prepaymentFee : 0n,
        }));
        await repos.settlement.payLines(lines);
        await repos.settlement.settleLoan(loan.id);
        if (!(await repos.settlement.markSettled(quote.id, input.method, input.reference)))
          throw new AppError('CONFLICT', `quote ${input.quoteId} is being used`, {
            field: 'quoteId',
          });
        await postJournal(
          repos.ledger,
          debitCollectedJournal({
            orderKey: input.quoteId,
            kind: 'loan.settled',
            receivedInto: accounts.offlineReceipts(loan.funderCode),
            loanId: loan.id,
            funderCode: loan.funderCode,
            effectiveDate: clock.today(),
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
          eventId: `loan.settled:${orderNo}`,
          topic: 'loan.settled',
          aggregateType: 'loan',
          aggregateId: orderNo,
          payload: {
            orderNo,
            quoteId: input.quoteId,
            amount: fenToYuan(quote.amount),
            method: input.method,
            reference: input.reference,
          },
        });
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'loan.settle',
          entityType: 'loan',
          entityId: orderNo,
          diff: { quoteId: input.quoteId, amount: fenToYuan(quote.amount), method: input.method },
        });
        return { replay: false, quote: null };
      });
      const quote = result.quote ?? (await read.quoteById(input.quoteId));
      return { created: !result.replay, settlement: settledView(orderNo, quote!) };
    },
  };
}

export type SettlementService = ReturnType<typeof createSettlementService>;
