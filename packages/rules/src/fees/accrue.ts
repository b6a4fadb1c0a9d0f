// Fee amounts from a fee rule's charge. Formulas work in yuan (exact decimals); each
// result becomes fen, rounded half-up at the charge's rounding point: every day
// (per_day) or once on the running total (on_total). Caps apply in fen afterwards.
import { compileFormula, type CompiledFormula } from '../expr/compile';
import { Dec, fenToYuan, yuanToFen } from '../money';
import { DAILY_CHARGES, FEE_VARIABLES, type FeeBase, type FeeCharge } from '../rule-kinds/fee';

/** Amounts in fen; the engine supplies them from the installment and loan (never mutated: decimals are derived once per object). */
export interface FeeInputs {
  overduePrincipalFen: bigint;
  overdueInterestFen: bigint;
  outstandingPrincipalFen: bigint;
  contractRate: string;
  installmentNo: number;
  termCount: number;
  remainingTerms: number;
}

export interface ChargeAccrual {
  /** Cumulative charge to date, in fen, after caps. */
  totalFen: bigint;
  /** Overdue days that were charged (0 while in grace). */
  chargedDays: number;
  /** Which cap bit, if any (`ceiling`: the business line's all-in ceiling). */
  cappedBy: 'min' | 'maxPerInstallment' | 'annualRate' | 'ceiling' | null;
}

// From the exact yuan string (no division: the daily run converts millions of amounts).
const toYuan = (fen: bigint) => new Dec(fenToYuan(fen));
/** Half-up to whole fen: yuan half-up at two places, read as fen (one rounding, no product). */
const yuanToFenHalfUp = (yuan: InstanceType<typeof Dec>): bigint =>
  BigInt(yuan.toFixed(2, Dec.ROUND_HALF_UP).replace('.', ''));

export function baseFen(base: FeeBase, inputs: FeeInputs): bigint {
  switch (base) {
    case 'overdue_principal':
      return inputs.overduePrincipalFen;
    case 'overdue_principal_interest':
      return inputs.overduePrincipalFen + inputs.overdueInterestFen;
    case 'overdue_interest':
      return inputs.overdueInterestFen;
    case 'outstanding_balance':
    case 'remaining_principal':
      return inputs.outstandingPrincipalFen;
  }
}

/**
 * The most a charge may total so that the contract rate plus the charge, over its base and
 * charged days, stays within an all-in annual rate: base × (rate − contract) × days / dayBase,
 * half-up to the fen (nothing when the contract rate alone reaches it).
 */
export function allInLimitFen(
  baseAmountFen: bigint,
  annualRate: string | InstanceType<typeof Dec>,
  contractRate: string,
  chargedDays: number,
  dayBase: number,
): bigint {
  const room = new Dec(annualRate).minus(new Dec(contractRate));
  if (room.lte(0)) return 0n;
  return yuanToFenHalfUp(toYuan(baseAmountFen).times(room).times(chargedDays).div(dayBase));
}

type InputDecimals = ReturnType<typeof toDecimals>;
const toDecimals = (inputs: FeeInputs) => ({
  overduePrincipal: toYuan(inputs.overduePrincipalFen),
  overdueInterest: toYuan(inputs.overdueInterestFen),
  outstandingPrincipal: toYuan(inputs.outstandingPrincipalFen),
  contractRate: new Dec(inputs.contractRate),
  installmentNo: new Dec(inputs.installmentNo),
  termCount: new Dec(inputs.termCount),
  remainingTerms: new Dec(inputs.remainingTerms),
});
// An installment's inputs are read by each of its charges on each day: converted to decimals
// once per inputs object (the daily run evaluates millions of formulas).
const inputDecimals = new WeakMap<FeeInputs, InputDecimals>();
function decimalsOf(inputs: FeeInputs): InputDecimals {
  let d = inputDecimals.get(inputs);
  if (!d) {
    d = toDecimals(inputs);
    inputDecimals.set(inputs, d);
  }
  return d;
}
const dayDecimals: InstanceType<typeof Dec>[] = [];
const dayDecimal = (day: number) => (dayDecimals[day] ??= new Dec(day));

function baseYuan(base: FeeBase, d: InputDecimals) {
  switch (base) {
    case 'overdue_principal':
      return d.overduePrincipal;
    case 'overdue_principal_interest':
      return d.overduePrincipal.plus(d.overdueInterest);
    case 'overdue_interest':
      return d.overdueInterest;
    case 'outstanding_balance':
    case 'remaining_principal':
      return d.outstandingPrincipal;
  }
}

/** A charge compiled once, evaluated for many installments. */
export interface CompiledCharge {
  charge: FeeCharge;
  /** Cumulative amount for an installment overdue `overdueDays` days with steady inputs. */
  accrue(inputs: FeeInputs, overdueDays: number): ChargeAccrual;
  /** Unrounded yuan for one overdue day. */
  dailyYuan(inputs: FeeInputs, day: number): InstanceType<typeof Dec>;
  /** One-off charges (late fee, prepayment fee): the amount in fen, before caps. */
  onceFen(inputs: FeeInputs, overdueDays: number): bigint;
  /**
   * The daily job's step: the charge as of `overdueDays`, continuing from what was accrued
   * through an earlier day (null: nothing yet). Inputs are today's (a payment lowers the
   * base from then on); days missed since `previous` are accrued at today's inputs.
   */
  accrueDay(inputs: FeeInputs, overdueDays: number, previous: AccrualState | null): DayAccrual;
  /** A charge made once outside overdue (the prepayment fee when settling): fen after caps. */
  chargeNow(inputs: FeeInputs): bigint;
}

/** What a charge has accrued on an installment through `day` overdue days. */
export interface AccrualState {
  day: number;
  totalFen: bigint;
  /**
   * The running total in yuan before the rounding point (on_total rounding rounds only this),
   * at the charge's carry scale when it has one (see CompileOptions).
   */
  exactYuan: string;
}

export interface CompileOptions {
  /**
   * Decimal places the running total is carried at from one day to the next (half-up), as
   * the caller stores it. A day continued from the stored state and a run of days in memory
   * (a recalculation) then give the same totals. Without it the total is carried unrounded.
   */
  carryScale?: number;
  /**
   * The business line's all-in annual ceiling (e.g. "0.36"): caps every daily charge (penalty,
   * compound) like its own `caps.annualRate`, whether or not the rule sets one, and after every
   * other cap, so nothing accrues above it. One-off charges keep their own caps.
   */
  ceiling?: string;
}

export interface DayAccrual extends AccrualState {
  /** Today's change in fen: never negative (a tighter cap stops accruing, it does not refund). */
  deltaFen: bigint;
  chargedDays: number;
  cappedBy: ChargeAccrual['cappedBy'];
}

export function compileCharge(charge: FeeCharge, options: CompileOptions = {}): CompiledCharge {
  const main = compileFormula(charge.formula, FEE_VARIABLES);
  const tiers = (charge.tiers ?? []).map((t) => ({
    fromDay: t.fromDay,
    formula: compileFormula(t.formula, FEE_VARIABLES),
  }));
  const formulaFor = (day: number): CompiledFormula => {
    let chosen = main;
    for (const tier of tiers) if (day >= tier.fromDay) chosen = tier.formula;
    return chosen;
  };
  const dayBase = new Dec(charge.dayBase);
  const variables = (inputs: FeeInputs, day: number) => {
    const d = decimalsOf(inputs);
    return {
      base: baseYuan(charge.base, d),
      overduePrincipal: d.overduePrincipal,
      overdueInterest: d.overdueInterest,
      outstandingPrincipal: d.outstandingPrincipal,
      contractRate: d.contractRate,
      dayBase,
      overdueDays: dayDecimal(day),
      installmentNo: d.installmentNo,
      termCount: d.termCount,
      remainingTerms: d.remainingTerms,
    };
  };
  const minFen = charge.caps?.min === undefined ? null : yuanToFen(charge.caps.min);
  const maxFen =
    charge.caps?.maxPerInstallment === undefined ? null : yuanToFen(charge.caps.maxPerInstallment);
  const annualCap = charge.caps?.annualRate === undefined ? null : new Dec(charge.caps.annualRate);
  const isDaily = DAILY_CHARGES.includes(charge.type);
  const { carryScale } = options;
  const carried = (exact: InstanceType<typeof Dec>) =>
    carryScale === undefined ? exact.toString() : exact.toFixed(carryScale, Dec.ROUND_HALF_UP);
  // A daily charge's all-in caps (its own annual rate, the business line's ceiling) bound each
  // day's amount at base × (rate − contract rate) / dayBase, on that day's base: a payment
  // lowers the cap from then on without clawing back what earlier days accrued.
  const dailyCaps: { rate: InstanceType<typeof Dec>; by: 'annualRate' | 'ceiling' }[] = isDaily
    ? [
        ...(annualCap === null ? [] : [{ rate: annualCap, by: 'annualRate' as const }]),
        ...(options.ceiling === undefined
          ? []
          : [{ rate: new Dec(options.ceiling), by: 'ceiling' as const }]),
      ]
    : [];
  const allowancesOf = (inputs: FeeInputs) =>
    dailyCaps.map((c) => {
      const room = c.rate.minus(new Dec(inputs.contractRate));
      const yuan = room.lte(0)
        ? new Dec(0)
        : toYuan(baseFen(charge.base, inputs)).times(room).div(charge.dayBase);
      return { by: c.by, yuan };
    });

  const firstChargedDay = (overdueDays: number): number | null => {
    if (overdueDays <= charge.graceDays) return null;
    return charge.accrueFrom === 'due_date' ? 1 : charge.graceDays + 1;
  };

  const dailyYuan = (inputs: FeeInputs, day: number) =>
    formulaFor(day).number(variables(inputs, day));
  const onceFen = (inputs: FeeInputs, overdueDays: number) =>
    yuanToFenHalfUp(main.number(variables(inputs, overdueDays)));

  /**
   * Days first..last of a daily charge, each capped by the all-in caps: the exact sum, the sum
   * rounded per day (no day's fen above its cap rounded down) and the cap that bit.
   */
  function days(inputs: FeeInputs, first: number, last: number) {
    const allowances = allowancesOf(inputs);
    const lowest = allowances.reduce<(typeof allowances)[number] | null>(
      (low, a) => (low === null || a.yuan.lt(low.yuan) ? a : low),
      null,
    );
    const lowestFen =
      lowest === null ? null : BigInt(lowest.yuan.toFixed(2, Dec.ROUND_DOWN).replace('.', ''));
    let exact = new Dec(0);
    let perDayFen = 0n;
    let cappedBy: ChargeAccrual['cappedBy'] = null;
    for (let day = first; day <= last; day++) {
      let amount = dailyYuan(inputs, day);
      for (const a of allowances) if (amount.gt(a.yuan)) [amount, cappedBy] = [a.yuan, a.by];
      exact = exact.plus(amount);
      if (charge.rounding === 'per_day') {
        let fen = yuanToFenHalfUp(amount);
        if (lowestFen !== null && fen > lowestFen) [fen, cappedBy] = [lowestFen, lowest!.by];
        perDayFen += fen;
      }
    }
    return { exact, perDayFen, cappedBy };
  }

  /**
   * The caps on a total: a one-off charge's all-in cap over its charged days, then the cap per
   * installment and the minimum; a minimum never lifts a daily charge above what its ceiling
   * allowed (`ceilingMostFen`).
   */
  function applyCaps(
    rawFen: bigint,
    inputs: FeeInputs,
    chargedDays: number,
    daily: { cappedBy: ChargeAccrual['cappedBy']; ceilingMostFen: bigint | null } = {
      cappedBy: null,
      ceilingMostFen: null,
    },
  ): ChargeAccrual {
    let total = rawFen < 0n ? 0n : rawFen;
    let cappedBy: ChargeAccrual['cappedBy'] = daily.cappedBy;
    if (!isDaily && annualCap !== null) {
      const limit = allInLimitFen(
        baseFen(charge.base, inputs),
        annualCap,
        inputs.contractRate,
        chargedDays,
        charge.dayBase,
      );
      if (total > limit) [total, cappedBy] = [limit, 'annualRate'];
    }
    if (maxFen !== null && total > maxFen) [total, cappedBy] = [maxFen, 'maxPerInstallment'];
    if (minFen !== null && total > 0n && total < minFen) {
      [total, cappedBy] = [minFen, 'min'];
      if (daily.ceilingMostFen !== null && total > daily.ceilingMostFen)
        [total, cappedBy] = [daily.ceilingMostFen, 'ceiling'];
    }
    return { totalFen: total, chargedDays, cappedBy };
  }

  /** The most the ceiling lets `dayCount` days add, rounded down (null: no ceiling). */
  const ceilingMost = (inputs: FeeInputs, dayCount: number) => {
    const c = allowancesOf(inputs).find((a) => a.by === 'ceiling');
    return c === undefined
      ? null
      : BigInt(c.yuan.times(dayCount).toFixed(2, Dec.ROUND_DOWN).replace('.', ''));
  };

  function accrueDay(
    inputs: FeeInputs,
    overdueDays: number,
    previous: AccrualState | null,
  ): DayAccrual {
    const before = previous ?? { day: 0, totalFen: 0n, exactYuan: '0' };
    // Nothing new (in grace, or the day was accrued already): the state stays as it was.
    const unchanged = (chargedDays: number): DayAccrual => ({
      ...before,
      deltaFen: 0n,
      chargedDays,
      cappedBy: null,
    });
    const first = firstChargedDay(overdueDays);
    if (first === null || overdueDays <= before.day) return unchanged(0);
    const chargedDays = overdueDays - first + 1;
    if (!isDaily) {
      // Charged once: on the first day past grace, never again.
      if (previous !== null && previous.totalFen > 0n) return unchanged(chargedDays);
      const once = applyCaps(onceFen(inputs, overdueDays), inputs, chargedDays);
      return {
        day: overdueDays,
        totalFen: once.totalFen,
        exactYuan: toYuan(once.totalFen).toString(),
        deltaFen: once.totalFen,
        chargedDays,
        cappedBy: once.cappedBy,
      };
    }
    const from = Math.max(first, before.day + 1);
    const step = days(inputs, from, overdueDays);
    const exact = new Dec(before.exactYuan).plus(step.exact);
    const fen =
      charge.rounding === 'on_total' ? yuanToFenHalfUp(exact) : before.totalFen + step.perDayFen;
    const most = ceilingMost(inputs, overdueDays - from + 1);
    const capped = applyCaps(fen, inputs, chargedDays, {
      cappedBy: step.cappedBy,
      ceilingMostFen: most === null ? null : before.totalFen + most,
    });
    const totalFen = capped.totalFen > before.totalFen ? capped.totalFen : before.totalFen;
    return {
      day: overdueDays,
      totalFen,
      exactYuan: carried(exact),
      deltaFen: totalFen - before.totalFen,
      chargedDays,
      cappedBy: capped.cappedBy,
    };
  }

  return {
    charge,
    dailyYuan,
    onceFen,
    accrueDay,
    chargeNow: (inputs) => applyCaps(onceFen(inputs, 0), inputs, 0).totalFen,
    accrue(inputs, overdueDays) {
      const first = firstChargedDay(overdueDays);
      if (first === null) return { totalFen: 0n, chargedDays: 0, cappedBy: null };
      const chargedDays = overdueDays - first + 1;
      if (!isDaily) return applyCaps(onceFen(inputs, overdueDays), inputs, chargedDays);
      const all = days(inputs, first, overdueDays);
      const fen = charge.rounding === 'on_total' ? yuanToFenHalfUp(all.exact) : all.perDayFen;
      return applyCaps(fen, inputs, chargedDays, {
        cappedBy: all.cappedBy,
        ceilingMostFen: ceilingMost(inputs, chargedDays),
      });
    },
  };
}
