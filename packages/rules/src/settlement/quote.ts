// Early settlement quote (docs/domain.md, Overdue): what settles a loan on a date. Installments
// due by the date owe everything still open; the current period owes its principal and its
// interest by days (from the previous due date, or the start, to the quote date; 算头不算尾;
// half-up to the fen; never more than the period's interest still open); later periods owe
// their principal only; plus the prepayment fee on the principal not yet due, when the fee
// rule has one. Interest a settlement does not charge is forgiven.
import { daysBetween, compareDates, type BusinessDate } from '../dates';

export interface QuoteInstallment {
  id: string;
  period: number;
  dueDate: BusinessDate;
  outstanding: { principal: bigint; interest: bigint; fee: bigint; penalty: bigint };
}

export interface QuoteLine {
  id: string;
  /** What settling charges on this installment, per component. */
  charge: { principal: bigint; interest: bigint; fee: bigint; penalty: bigint };
  /** Open interest the settlement forgives on it. */
  forgivenInterest: bigint;
}

export interface SettlementQuote {
  lines: QuoteLine[];
  breakdown: {
    principal: bigint;
    interest: bigint;
    penalty: bigint;
    fee: bigint;
    prepaymentFee: bigint;
  };
  amount: bigint;
  /** The principal not yet due on the date: the prepayment fee's base. */
  principalNotDue: bigint;
}

/** Interest of a period by days elapsed, half-up, within what is still open. */
function interestByDays(open: bigint, elapsedDays: number, periodDays: number): bigint {
  if (periodDays <= 0 || elapsedDays <= 0) return 0n;
  if (elapsedDays >= periodDays) return open;
  const n = open * BigInt(elapsedDays);
  const d = BigInt(periodDays);
  return (n * 2n + d) / (2n * d);
}

export function settlementQuote(input: {
  date: BusinessDate;
  startDate: BusinessDate;
  /** The loan's open installments (current plan). */
  installments: readonly QuoteInstallment[];
  /** The prepayment fee on the principal not yet due (0 without such a charge). */
  prepaymentFee: (principalNotDueFen: bigint) => bigint;
  /** Every due date of the plan, paid or not, in order (for the current period's start). */
  dueDates: readonly BusinessDate[];
}): SettlementQuote {
  const ordered = [...input.installments].sort((a, b) => a.period - b.period);
  let currentSeen = false;
  let principalNotDue = 0n;
  const lines = ordered.map((i): QuoteLine => {
    const o = i.outstanding;
    if (compareDates(i.dueDate, input.date) <= 0)
      return { id: i.id, charge: { ...o }, forgivenInterest: 0n };
    principalNotDue += o.principal;
    if (!currentSeen) {
      currentSeen = true;
      const previousDue = [...input.dueDates]
        .filter((d) => compareDates(d, i.dueDate) < 0)
        .sort(compareDates)
        .pop();
      const from = previousDue ?? input.startDate;
      const interest = interestByDays(
        o.interest,
        daysBetween(from, input.date),
        daysBetween(from, i.dueDate),
      );
      return {
        id: i.id,
        charge: { principal: o.principal, interest, fee: o.fee, penalty: o.penalty },
        forgivenInterest: o.interest - interest,
      };
    }
    return {
      id: i.id,
      charge: { principal: o.principal, interest: 0n, fee: o.fee, penalty: o.penalty },
      forgivenInterest: o.interest,
    };
  });
  const sum = (k: 'principal' | 'interest' | 'fee' | 'penalty') =>
    lines.reduce((s, l) => s + l.charge[k], 0n);
  const prepaymentFee = principalNotDue > 0n ? input.prepaymentFee(principalNotDue) : 0n;
  const breakdown = {
    principal: sum('principal'),
    interest: sum('interest'),
    penalty: sum('penalty'),
    fee: sum('fee'),
    prepaymentFee,
  };
  return {
    lines,
    breakdown,
    amount:
      breakdown.principal + breakdown.interest + breakdown.penalty + breakdown.fee + prepaymentFee,
    principalNotDue,
  };
}
