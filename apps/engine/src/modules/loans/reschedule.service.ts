// Reschedule (docs/api.md `POST /loans/{orderNo}/reschedule`, docs/domain.md): a new plan version for the
// untouched tail of the plan (@repay/rules reschedulePlan). Old versions stay readable.
//
// Decisions: periods already due, paid or charged keep their rows; a reschedule
// while a debit of the loan is in flight is refused (409): the debit was sized from the old plan.
// An optional `reference` makes a retry harmless (the same reference again answers the version
// it made; with another change it is a 409).
import { fenToYuan, reschedulePlan, RescheduleError, type RescheduleChange } from '@repay/rules';
import type { Clock } from '../../lib/clock';
import { AppError, notFound } from '../../lib/errors';
import { requestHash } from '../../lib/request-hash';
import type { Transactor } from '../../lib/transaction';
import type { Actor, AuditLog, OutboxRepo } from '../events';
import { requireActiveWithNoDebitInFlight } from './loan-guards';
import type { LoansRepo } from './loans.repo';
import type { RescheduleRepo } from './reschedule.repo';
import type { SettlementRepo } from './settlement.repo';

export type RescheduleInput = { reason: string; reference?: string } & RescheduleChange;

const changeOf = (input: RescheduleInput): RescheduleChange =>
  'shiftDays' in input ? { shiftDays: input.shiftDays } : { newTermMonths: input.newTermMonths };

/** The same change, however its keys were ordered: what a retry with the same reference repeats. */
const sameChange = (a: Record<string, number>, b: RescheduleChange) =>
  requestHash(a, {}) === requestHash(b, {});

export function createRescheduleService(deps: {
  read: RescheduleRepo;
  loansRead: LoansRepo;
  transaction: Transactor<{
    loans: LoansRepo;
    reschedule: RescheduleRepo;
    settlement: SettlementRepo;
    outbox: OutboxRepo;
    audit: AuditLog;
  }>;
  clock: Clock;
}) {
  const { read, loansRead, transaction, clock } = deps;

  return {
    /** Returns the version the request made (or made before, for a replayed reference). */
    async reschedule(
      orderNo: string,
      input: RescheduleInput,
      actor: Actor,
    ): Promise<{ created: boolean; version: number }> {
      const change = changeOf(input);
      return transaction(async (repos) => {
        const loan = await repos.loans.findLoan(orderNo);
        if (!loan) throw notFound(`loan ${orderNo}`, 'orderNo');
        // The loan's row first (the debit guard's lock): no debit is created meanwhile for a
        // period this supersedes, and one being created has committed before the check below.
        await repos.loans.lockLoan(loan.id);
        if (input.reference) {
          const earlier = await repos.reschedule.versionByReference(loan.id, input.reference);
          if (earlier) {
            if (sameChange(earlier.change, change))
              return { created: false, version: earlier.version };
            throw new AppError(
              'CONFLICT',
              `reference ${input.reference} was used for another reschedule`,
              { field: 'reference' },
            );
          }
        }
        await requireActiveWithNoDebitInFlight(repos.settlement, loan, orderNo, 'reschedule');
        const rows = await repos.reschedule.lockCurrentRows(loan.id);
        let plan;
        try {
          plan = reschedulePlan({
            rows,
            today: clock.today(),
            change,
            terms: {
              termMonths: loan.termMonths,
              annualRate: loan.annualRate,
              method: loan.repaymentMethod,
              dayCount: loan.dayCount,
              startDate: loan.startDate,
              paymentTiming: loan.paymentTiming,
              residualValueFen: loan.residualValue,
            },
          });
        } catch (error) {
          if (error instanceof RescheduleError)
            throw new AppError('UNPROCESSABLE', error.message, {
              field: error.field,
              cause: error,
            });
          throw error;
        }
        const version = loan.currentPlanVersion + 1;
        await repos.reschedule.writeVersion({
          loanId: loan.id,
          version,
          reason: input.reason,
          change,
          reference: input.reference ?? null,
          createdBy: `${actor.type}:${actor.id}`,
          fromPeriod: plan.keptPeriods + 1,
          termMonths: plan.termMonths,
          periodCount: plan.periodCount,
          rows: plan.rows,
        });
        await repos.outbox.add({
          eventId: `loan.rescheduled:${orderNo}:${version}`,
          topic: 'loan.rescheduled',
          aggregateType: 'loan',
          aggregateId: orderNo,
          payload: {
            orderNo,
            version,
            ...change,
            termMonths: plan.termMonths,
            stubInterest: fenToYuan(plan.stubInterestFen),
          },
        });
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'loan.reschedule',
          entityType: 'loan',
          entityId: orderNo,
          reason: input.reason,
          diff: { version: { from: loan.currentPlanVersion, to: version }, ...change },
        });
        return { created: true, version };
      });
    },

    /** Every plan version of the loan, oldest first (each readable by `loans.getPlan`). */
    async versions(orderNo: string) {
      const loan = await loansRead.findLoanIdentity(orderNo);
      if (!loan) throw notFound(`loan ${orderNo}`, 'orderNo');
      return (await read.listVersions(loan.id)).map((v) => ({
        ...v,
        createdAt: v.createdAt.toISOString(),
      }));
    },
  };
}

export type RescheduleService = ReturnType<typeof createRescheduleService>;
