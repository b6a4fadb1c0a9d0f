// Backdated recalculation: money with an earlier effective date than the last
// accrued day (an offline repayment keyed in late) changes what should have accrued after it.
// Each (installment, charge) is accrued again day by day from its state on that date with the
// installment as it is now (the payment applied), and every day that differs gets a row of the
// next revision carrying the change (negative when the charge falls) and the new running total:
// accrual rows are never edited. The installment's penalty / fee due move by exactly the sum.
//
// Decision: "as it is now" is the state after the payment only if nothing
// else was collected on the installment since; when something was, days up to that later
// collection keep their accruals and the recalculation starts from it.
import {
  addDays,
  daysBetween,
  feeInputsOf,
  parseRuleBody,
  type AccrualState,
  type CompiledCharge,
} from '@repay/rules';
import { compileAccruedCharge } from './accrual-basis';
import type { Executor } from '../../lib/executor';
import {
  createRecalculationRepo,
  type Adjustment,
  type AccrualRow,
  type RecalculationRepo,
} from './recalculation.repo';

const key = (r: { installmentId: bigint; chargeId: string }) => `${r.installmentId}:${r.chargeId}`;
const stateOf = (r: AccrualRow): AccrualState => ({
  day: r.overdueDays,
  totalFen: r.total,
  exactYuan: r.exactTotal,
});

export function createRecalculation() {
  const compiled = new Map<string, CompiledCharge | null>();

  /** The charge as accrual compiles it: the same carry scale and business line ceiling. */
  async function chargeOf(
    repo: RecalculationRepo,
    versionId: bigint | null,
    chargeId: string,
    ceiling: string | null,
  ) {
    if (versionId === null) return null;
    const k = `${versionId}:${chargeId}:${ceiling ?? ''}`;
    if (!compiled.has(k)) {
      const body = await repo.ruleBody(versionId);
      const charge = body
        ? parseRuleBody('fee', body).charges.find((c) => c.id === chargeId)
        : undefined;
      compiled.set(k, charge ? compileAccruedCharge(charge, ceiling) : null);
    }
    return compiled.get(k)!;
  }

  return {
    /**
     * Recompute the accruals of these installments after `from` (the payment's effective date);
     * returns the change to what they owe, in fen. Runs in the caller's transaction.
     */
    async run(
      tx: Executor,
      installmentIds: bigint[],
      from: string,
      exceptReference: string,
    ): Promise<{ adjustedFen: bigint; rows: number; settledLoans: Set<bigint> }> {
      const repo = createRecalculationRepo(tx);
      const last = await repo.lastAccruedDate();
      if (last === null || last <= from || installmentIds.length === 0)
        return { adjustedFen: 0n, rows: 0, settledLoans: new Set() };
      const later = await repo.collectedAfter(installmentIds, from, exceptReference);
      const adjustments: Adjustment[] = [];
      for (const inst of await repo.installments(installmentIds)) {
        const start = [from, later.get(String(inst.id)) ?? from].sort().at(-1)!;
        if (start >= last) continue;
        const rows = await repo.rowsAfter([inst.id], start);
        const states = new Map((await repo.statesOn([inst.id], start)).map((s) => [key(s), s]));
        const charges = new Map<string, AccrualRow>();
        for (const r of [...states.values(), ...rows]) charges.set(key(r), r);
        const owesOverdue = inst.overduePrincipalFen + inst.overdueInterestFen > 0n;
        const inputs = feeInputsOf(inst);
        for (const [k, sample] of charges) {
          const charge = await chargeOf(repo, sample.ruleVersionId, sample.chargeId, inst.ceiling);
          if (!charge) continue;
          const old = new Map(rows.filter((r) => key(r) === k).map((r) => [r.businessDate, r]));
          const at = states.get(k);
          let prev: AccrualState | null = at ? stateOf(at) : null;
          let oldPrevTotal = at?.total ?? 0n;
          for (let d = addDays(start, 1); d <= last; d = addDays(d, 1)) {
            const overdueDays = daysBetween(inst.dueDate, d);
            if (overdueDays < 1) continue;
            const next = owesOverdue
              ? charge.accrueDay(inputs, overdueDays, prev)
              : {
                  day: overdueDays,
                  totalFen: prev?.totalFen ?? 0n,
                  exactYuan: prev?.exactYuan ?? '0',
                };
            const newDelta = next.totalFen - (prev?.totalFen ?? 0n);
            const was = old.get(d);
            const oldTotal = was ? was.total : oldPrevTotal;
            const change = newDelta - (oldTotal - oldPrevTotal);
            if (was ? change !== 0n || next.totalFen !== was.total : newDelta !== 0n)
              adjustments.push({
                installmentId: inst.id,
                loanId: inst.loanId,
                chargeId: sample.chargeId,
                chargeType: sample.chargeType,
                component: sample.component,
                businessDate: d,
                overdueDays,
                revision: was ? was.revision + 1 : 1,
                amount: change,
                total: next.totalFen,
                exactTotal: next.exactYuan,
                ruleVersionId: sample.ruleVersionId,
              });
            prev = { day: next.day, totalFen: next.totalFen, exactYuan: next.exactYuan };
            oldPrevTotal = oldTotal;
          }
        }
      }
      const settledLoans = await repo.apply(adjustments);
      return {
        settledLoans,
        adjustedFen: adjustments.reduce((s, a) => s + a.amount, 0n),
        rows: adjustments.length,
      };
    },
  };
}

export type Recalculation = ReturnType<typeof createRecalculation>;
