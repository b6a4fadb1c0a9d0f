// One installment's overdue charges for one business date: which charges of its fee rule apply
// that day and what each adds, carried on from each charge's state the day before. The daily
// accrual writes these days; the forecast (报表 → 预测) carries them over the coming days in
// memory. One function, so the forecast cannot drift from what the run will accrue.
import { compileConditions, type Predicate } from '../conditions/compile';
import { daysBetween } from '../dates';
import type { FeeRule } from '../rule-kinds/fee';
import {
  compileCharge,
  type AccrualState,
  type CompileOptions,
  type CompiledCharge,
  type DayAccrual,
} from './accrue';
import { feeFactsOf, feeInputsOf, type OverdueInstallmentFigures } from './inputs';

/** A daily or one-off overdue charge of a fee rule, compiled, with its conditions. */
export interface AccruingCharge {
  compiled: CompiledCharge;
  applies: Predicate;
}

/** The charges a fee rule accrues on overdue installments (a prepayment fee only settles). */
export const accruingChargesOf = (rule: FeeRule, options: CompileOptions): AccruingCharge[] =>
  rule.charges
    .filter((c) => c.type !== 'prepayment_fee')
    .map((c) => ({
      compiled: compileCharge(c, options),
      applies: compileConditions(c.conditions),
    }));

/** Which component an accrued charge raises: a late fee is a fee, the rest penalty. */
export const accruedComponentOf = (type: string): 'penalty' | 'fee' =>
  type === 'late_fee' ? 'fee' : 'penalty';

export interface AccruingInstallment extends OverdueInstallmentFigures {
  dueDate: string;
  businessLine: string;
  funderCode: string;
  productCode: string;
  /** Each charge's state through the last accrued day, by charge id. */
  states: ReadonlyMap<string, AccrualState>;
  /** A reversed collection made it owe again on this date: no day up to it is charged. */
  accrualResumedOn: string | null;
}

/**
 * The charges' changes on `businessDate` (only those that add something), each with its new
 * state. Inputs are the installment as it is (a payment lowers the base from then on).
 */
export function accrueInstallmentDay(
  charges: readonly AccruingCharge[],
  inst: AccruingInstallment,
  businessDate: string,
): { compiled: CompiledCharge; overdueDays: number; day: DayAccrual }[] {
  const overdueDays = daysBetween(inst.dueDate, businessDate);
  const facts = feeFactsOf(inst, overdueDays);
  const inputs = feeInputsOf(inst);
  // After a reversed collection the days it stood as paid are skipped, not charged.
  const resumedAfter =
    inst.accrualResumedOn === null ? 0 : daysBetween(inst.dueDate, inst.accrualResumedOn);
  const out: { compiled: CompiledCharge; overdueDays: number; day: DayAccrual }[] = [];
  for (const { compiled, applies } of charges) {
    if (!applies(facts)) continue;
    const own = inst.states.get(compiled.charge.id) ?? null;
    const previous =
      resumedAfter > (own?.day ?? 0)
        ? { day: resumedAfter, totalFen: own?.totalFen ?? 0n, exactYuan: own?.exactYuan ?? '0' }
        : own;
    const day = compiled.accrueDay(inputs, overdueDays, previous);
    if (day.deltaFen === 0n) continue;
    out.push({ compiled, overdueDays, day });
  }
  return out;
}
