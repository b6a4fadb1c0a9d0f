// Builds a repayment schedule: validate, pick the method, derive balances.
import { addMonthsAnchored, isValidDate } from '../dates';
import { Dec, roundFen } from '../money';
import { monthlyRate, periodInterest, periodsOf, type Period } from './periods';
import { ScheduleInputError, type ScheduleInput, type ScheduledInstallment } from './types';

interface Split {
  principal: bigint;
  interest: bigint;
}

function validate(input: ScheduleInput): void {
  if (input.principalFen <= 0n)
    throw new ScheduleInputError('principalFen', 'principal must be greater than zero');
  if (!Number.isInteger(input.termMonths) || input.termMonths < 1 || input.termMonths > 600) {
    throw new ScheduleInputError(
      'termMonths',
      'term must be a whole number of months from 1 to 600',
    );
  }
  if (!/^\d+(\.\d+)?$/.test(input.annualRate) || new Dec(input.annualRate).gte(1)) {
    throw new ScheduleInputError('annualRate', 'annual rate must be a decimal in [0, 1)');
  }
  if (!isValidDate(input.startDate))
    throw new ScheduleInputError('startDate', 'not a calendar date');
  if (input.firstDueDate !== undefined) {
    if (!isValidDate(input.firstDueDate))
      throw new ScheduleInputError('firstDueDate', 'not a calendar date');
    const advance = input.method === 'lease_rent' && input.paymentTiming === 'advance';
    if (advance ? input.firstDueDate < input.startDate : input.firstDueDate <= input.startDate) {
      throw new ScheduleInputError('firstDueDate', 'first due date must be after the start date');
    }
  }
  const residual = input.residualValueFen ?? 0n;
  if (residual < 0n || residual >= input.principalFen) {
    throw new ScheduleInputError(
      'residualValueFen',
      'residual value must be at least zero and below the principal',
    );
  }
}

/**
 * One of n equal shares of an amount: amount/n rounded half-up to the fen (a named rounding
 * point, as bank calculators do). The last period takes whatever balance is left, so it may be
 * a little smaller or larger than the others.
 */
export function equalShare(amountFen: bigint, n: number): bigint {
  return roundFen(new Dec(amountFen.toString()).div(n));
}

/** A = P·r·(1+r)^n / ((1+r)^n − 1), half-up to fen; P/n when the rate is zero. */
export function annuityPayment(principalFen: bigint, annualRate: string, n: number): bigint {
  const r = monthlyRate(annualRate);
  const p = new Dec(principalFen.toString());
  if (r.isZero()) return equalShare(principalFen, n);
  const growth = r.plus(1).pow(n);
  return roundFen(p.mul(r).mul(growth).div(growth.minus(1)));
}

/** Lease rent: PMT = (PV − FV·(1+r)^−n)·r / (1 − (1+r)^−n); advance = PMT/(1+r). */
export function leaseRent(
  pvFen: bigint,
  fvFen: bigint,
  annualRate: string,
  n: number,
  advance: boolean,
): bigint {
  const r = monthlyRate(annualRate);
  const pv = new Dec(pvFen.toString());
  const fv = new Dec(fvFen.toString());
  if (r.isZero()) return equalShare(pvFen - fvFen, n);
  const discount = r.plus(1).pow(-n);
  const arrears = pv.minus(fv.mul(discount)).mul(r).div(new Dec(1).minus(discount));
  return roundFen(advance ? arrears.div(r.plus(1)) : arrears);
}

/**
 * Fixed payment per period: interest first, the rest principal; the last period clears the
 * balance. A rounded-up share never takes more than the balance left (a tiny principal over a
 * long term ends with periods of no principal rather than a negative one).
 */
function amortize(
  input: ScheduleInput,
  periods: Period[],
  payment: bigint,
  interestOf: (balance: bigint, p: Period) => bigint,
): Split[] {
  let balance = input.principalFen;
  return periods.map((p, i) => {
    const interest = interestOf(balance, p);
    const last = i === periods.length - 1;
    let principal = last ? balance : payment - interest;
    if (principal < 0n) principal = 0n;
    if (principal > balance) principal = balance;
    balance -= principal;
    return { principal, interest };
  });
}

function splits(input: ScheduleInput, periods: Period[]): Split[] {
  const { annualRate, dayCount, principalFen } = input;
  const interestOf = (balance: bigint, p: Period) =>
    periodInterest(balance, annualRate, dayCount, p.start, p.dueDate);
  const n = periods.length;
  switch (input.method) {
    case 'equal_installment':
      return amortize(input, periods, annuityPayment(principalFen, annualRate, n), interestOf);
    case 'equal_principal': {
      const share = equalShare(principalFen, n);
      let balance = principalFen;
      return periods.map((p, i) => {
        const principal = i === n - 1 || share > balance ? balance : share;
        const interest = interestOf(balance, p);
        balance -= principal;
        return { principal, interest };
      });
    }
    case 'interest_first':
      return periods.map((p, i) => ({
        principal: i === n - 1 ? principalFen : 0n,
        interest: interestOf(principalFen, p),
      }));
    case 'bullet':
      return periods.map((p) => ({
        principal: principalFen,
        interest: interestOf(principalFen, p),
      }));
    case 'lease_rent': {
      const advance = input.paymentTiming === 'advance';
      const rent = leaseRent(principalFen, input.residualValueFen ?? 0n, annualRate, n, advance);
      // Advance: rent k is paid at the start of period k, so period 1 carries no interest.
      return amortize(input, periods, rent, (balance, p) =>
        advance && p.period === 1 ? 0n : interestOf(balance, p),
      );
    }
  }
}

/**
 * The plan of a loan. Every method's principal sums exactly to the loan amount: the last
 * period takes whatever balance is left (for lease_rent that includes the residual value).
 */
export function buildSchedule(input: ScheduleInput): ScheduledInstallment[] {
  validate(input);
  const advance = input.method === 'lease_rent' && input.paymentTiming === 'advance';
  // A bullet loan is one period spanning the whole term.
  const periods: Period[] =
    input.method === 'bullet'
      ? [
          {
            period: 1,
            start: input.startDate,
            dueDate: input.firstDueDate ?? addMonthsAnchored(input.startDate, input.termMonths),
          },
        ]
      : periodsOf(input, advance);
  let balance = input.principalFen;
  return splits(input, periods).map((s, i) => {
    const opening = balance;
    balance -= s.principal;
    return {
      period: i + 1,
      dueDate: periods[i]!.dueDate,
      principalFen: s.principal,
      interestFen: s.interest,
      totalFen: s.principal + s.interest,
      openingBalanceFen: opening,
      closingBalanceFen: balance,
    };
  });
}
